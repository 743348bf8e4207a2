package io.github.jpki4j.signing;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * Adds an RFC 3161 signature timestamp to CMS SignedData: for each signer, a token over its
 * signature value from the authority at {@code url}, as the unsigned attribute
 * id-aa-signatureTimeStampToken (1.2.840.113549.1.9.16.2.14).
 *
 * <p>Each query is HTTP POST application/timestamp-query with the SHA-256 of the signature value, a
 * random 64-bit nonce and certReq true; the reply must be granted and carry a token for that very
 * query (its imprint and nonce). The token itself is checked by {@link CmsVerifier}, against the
 * TSA anchors the verifier chooses.
 */
public final class Timestamper {
  /** The longest the authority may take to connect, and to answer. */
  static final Duration CONNECT_LIMIT = Duration.ofSeconds(10);

  static final Duration ANSWER_LIMIT = Duration.ofSeconds(30);

  /** A reply larger than this is no timestamp. */
  static final int MAX_REPLY = 1 << 20;

  private static final SecureRandom NONCES = new SecureRandom();

  private final URI url;

  public Timestamper(URI url) {
    this.url = url;
  }

  public URI url() {
    return url;
  }

  /**
   * Returns {@code cms} (DER ContentInfo) with a timestamp on every signer; DER in, DER out.
   *
   * @throws SignatureFormatException when {@code cms} is not a CMS SignedData
   * @throws IOException when the authority cannot be reached or gives no good token, one sentence
   */
  public byte[] timestamp(byte[] cms) throws IOException, SignatureFormatException {
    CMSSignedData signed = parse(cms);
    List<SignerInformation> stamped = new ArrayList<>();
    for (SignerInformation signer : signed.getSignerInfos().getSigners()) {
      stamped.add(withToken(signer, ask(signer.getSignature())));
    }
    CMSSignedData out = CMSSignedData.replaceSigners(signed, new SignerInformationStore(stamped));
    return isDer(cms) ? out.getEncoded(ASN1Encoding.DER) : encode(out);
  }

  /** True when {@code bytes} are already DER, so that DER output keeps the signed parts as is. */
  private static boolean isDer(byte[] bytes) {
    try {
      return Arrays.equals(bytes, ASN1Primitive.fromByteArray(bytes).getEncoded(ASN1Encoding.DER));
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Asks the authority for a token over {@code signatureValue}: checked status, nonce, imprint. */
  TimeStampToken ask(byte[] signatureValue) throws IOException {
    TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
    generator.setCertReq(true);
    TimeStampRequest request =
        generator.generate(
            NISTObjectIdentifiers.id_sha256, sha256(signatureValue), new BigInteger(64, NONCES));
    byte[] reply = post(request.getEncoded());
    TimeStampResponse response;
    try {
      response = new TimeStampResponse(reply);
    } catch (TSPException | IOException | RuntimeException e) {
      throw new IOException(
          "the timestamp authority at "
              + url
              + " answered with something that is no RFC 3161 reply",
          e);
    }
    int status = response.getStatus();
    if (status != 0 && status != 1) {
      throw new IOException(
          "the timestamp authority at "
              + url
              + " refused the query (status "
              + status
              + (response.getStatusString() == null ? "" : ": " + response.getStatusString())
              + ")");
    }
    try {
      response.validate(request);
    } catch (TSPException e) {
      throw new IOException(
          "the timestamp authority at " + url + " answered another query: " + e.getMessage(), e);
    }
    TimeStampToken token = response.getTimeStampToken();
    if (token == null) {
      throw new IOException("the timestamp authority at " + url + " granted no token");
    }
    return token;
  }

  private byte[] post(byte[] query) throws IOException {
    HttpClient client =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_LIMIT)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    HttpRequest request =
        HttpRequest.newBuilder(url)
            .timeout(ANSWER_LIMIT)
            .header("Content-Type", "application/timestamp-query")
            .header("Accept", "application/timestamp-reply")
            .POST(HttpRequest.BodyPublishers.ofByteArray(query))
            .build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking " + url + " for a timestamp", e);
    } catch (IOException e) {
      throw new IOException(
          "the timestamp authority at " + url + " cannot be reached: " + e.getMessage(), e);
    }
    try (InputStream in = response.body()) {
      if (response.statusCode() != 200) {
        throw new IOException(
            "the timestamp authority at " + url + " answered HTTP " + response.statusCode());
      }
      byte[] body = in.readNBytes(MAX_REPLY + 1);
      if (body.length > MAX_REPLY) {
        throw new IOException(
            "the timestamp authority at " + url + " answered more than " + MAX_REPLY + " bytes");
      }
      return body;
    }
  }

  /** {@code signer} with {@code token} as its id-aa-signatureTimeStampToken (replacing any). */
  static SignerInformation withToken(SignerInformation signer, TimeStampToken token)
      throws IOException {
    return withToken(signer, token.getEncoded());
  }

  static SignerInformation withToken(SignerInformation signer, byte[] tokenDer) throws IOException {
    ASN1EncodableVector v = new ASN1EncodableVector();
    AttributeTable old = signer.getUnsignedAttributes();
    if (old != null) {
      for (Attribute a : old.toASN1Structure().getAttributes()) {
        if (!a.getAttrType().equals(SignatureTimestamps.ATTRIBUTE)) {
          v.add(a);
        }
      }
    }
    v.add(
        new Attribute(
            SignatureTimestamps.ATTRIBUTE, new DERSet(ASN1Primitive.fromByteArray(tokenDer))));
    return SignerInformation.replaceUnsignedAttributes(signer, new AttributeTable(v));
  }

  static CMSSignedData parse(byte[] cms) throws SignatureFormatException {
    try {
      return new CMSSignedData(cms);
    } catch (CMSException | RuntimeException e) {
      throw new SignatureFormatException("not a CMS SignedData (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Definite-length encoding that keeps every parsed part as it was: the signed attributes must
   * stay byte for byte what was signed.
   */
  static byte[] encode(CMSSignedData signed) throws IOException {
    return signed.toASN1Structure().getEncoded(ASN1Encoding.DL);
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
