package io.github.jpki4j.apdu;

import java.util.Iterator;
import java.util.ServiceLoader;

/**
 * How jpki4j finds what another jar on the class path provides (the simulated card, the native
 * secret transmitter): {@link ServiceLoader} through the loader of the class asking, then the
 * thread's context loader; the first one found.
 */
public final class Services {
  private Services() {}

  /**
   * The first provider of {@code type}, or null when there is none.
   *
   * @param anchor a class of the module asking, whose loader is tried first
   * @throws java.util.ServiceConfigurationError when one is listed but cannot be loaded
   */
  public static <T> T first(Class<T> type, Class<?> anchor) {
    for (ClassLoader loader :
        new ClassLoader[] {
          anchor.getClassLoader(), Thread.currentThread().getContextClassLoader()
        }) {
      if (loader != null) {
        Iterator<T> found = ServiceLoader.load(type, loader).iterator();
        if (found.hasNext()) {
          return found.next();
        }
      }
    }
    return null;
  }
}
