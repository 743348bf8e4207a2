package io.github.jpki4j.pdf;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a visible signature stamp goes: {@code PAGE:X,Y,W,H}, the page counted from 1, the
 * rectangle in PDF points (1/72 inch) from the page's lower left corner.
 */
public record VisibleStamp(int page, float x, float y, float width, float height) {
  private static final String NUMBER = "(\\d+(?:\\.\\d+)?)";
  private static final Pattern FORM =
      Pattern.compile("(\\d+):" + NUMBER + "," + NUMBER + "," + NUMBER + "," + NUMBER);

  /** Reads {@code PAGE:X,Y,W,H}. */
  public static VisibleStamp parse(String text) {
    Matcher m = FORM.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "a stamp is PAGE:X,Y,W,H (page from 1, points from the lower left), e.g. 1:36,36,200,60;"
              + " not "
              + text);
    }
    VisibleStamp s =
        new VisibleStamp(
            Integer.parseInt(m.group(1)),
            Float.parseFloat(m.group(2)),
            Float.parseFloat(m.group(3)),
            Float.parseFloat(m.group(4)),
            Float.parseFloat(m.group(5)));
    if (s.page < 1 || s.width <= 0 || s.height <= 0) {
      throw new IllegalArgumentException(
          "a stamp needs a page from 1 and a width and height above 0: " + text);
    }
    return s;
  }

  @Override
  public String toString() {
    return page + ":" + x + "," + y + "," + width + "," + height;
  }
}
