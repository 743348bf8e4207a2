package io.github.jpki4j.cli;

import io.github.jpki4j.signing.PersonalDataConsent;
import picocli.CommandLine.Option;

/** The signature key's consent given ahead, for {@code cms sign} and {@code pdf sign} alike. */
final class ConsentOption {
  @Option(
      names = PersonalDataConsent.OPTION,
      description =
          "Go on with the signature key without asking: you agree that every"
              + " recipient reads your name, address, birth date and sex in its certificate."
              + " Needed without a terminal.")
  boolean given;
}
