package dev.vigil.server.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a PEM certificate chain (leaf first) and its unencrypted private key, in PKCS#8 ({@code
 * PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY}) or SEC1 ({@code EC PRIVATE KEY}) form, into an
 * in-memory PKCS12 key store for Jetty, with the JDK alone. A key that does not match the leaf
 * certificate is refused (a probe is signed and verified), so a half-replaced pair never goes into
 * service.
 */
final class PemKeyStore {
  /** The alias of the one entry. */
  static final String ALIAS = "server";

  /** Password of the in-memory key store only; it is never written anywhere. */
  static final String PASSWORD = "in-memory";

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]+?)-----END \\1-----");

  private PemKeyStore() {}

  /**
   * The key store of the pair.
   *
   * @throws GeneralSecurityException when a file holds no certificate, no usable key, or a key of
   *     another certificate
   */
  static KeyStore load(Path certChainPem, Path privateKeyPem)
      throws IOException, GeneralSecurityException {
    List<X509Certificate> chain =
        readCertificates(Files.readString(certChainPem, StandardCharsets.US_ASCII));
    if (chain.isEmpty())
      throw new GeneralSecurityException("no CERTIFICATE block in " + certChainPem.getFileName());
    PrivateKey key =
        readPrivateKey(
            Files.readString(privateKeyPem, StandardCharsets.US_ASCII),
            chain.get(0).getPublicKey());
    checkKeyMatches(key, chain.get(0).getPublicKey());
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    ks.setKeyEntry(ALIAS, key, PASSWORD.toCharArray(), chain.toArray(new X509Certificate[0]));
    return ks;
  }

  static List<X509Certificate> readCertificates(String pem) throws GeneralSecurityException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    List<X509Certificate> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      if (m.group(1).equals("CERTIFICATE")) {
        out.add(
            (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(decode(m.group(2)))));
      }
    }
    return out;
  }

  static PrivateKey readPrivateKey(String pem, PublicKey certKey) throws GeneralSecurityException {
    Matcher m = BLOCK.matcher(pem);
    while (m.find()) {
      byte[] der = decode(m.group(2));
      switch (m.group(1)) {
        case "PRIVATE KEY": // PKCS#8, any algorithm: use the certificate's key algorithm
          return KeyFactory.getInstance(certKey.getAlgorithm())
              .generatePrivate(new PKCS8EncodedKeySpec(der));
        case "RSA PRIVATE KEY": // PKCS#1: wrap in PKCS#8 (rsaEncryption, NULL params)
          byte[] rsaAlgId = {
            0x30,
            0x0d,
            0x06,
            0x09,
            0x2a,
            (byte) 0x86,
            0x48,
            (byte) 0x86,
            (byte) 0xf7,
            0x0d,
            0x01,
            0x01,
            0x01,
            0x05,
            0x00
          };
          byte[] pkcs8 = tlv(0x30, concat(new byte[] {0x02, 0x01, 0x00}, rsaAlgId, tlv(0x04, der)));
          return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        case "EC PRIVATE KEY": // SEC1: SEQUENCE { INTEGER 1, OCTET STRING d, [0] params?, [1] pub?
          // }
          if (!(certKey instanceof ECPublicKey ecPub))
            throw new GeneralSecurityException(
                "EC key but certificate key is " + certKey.getAlgorithm());
          Der seq = new Der(der, 0).expect(0x30);
          Der version = new Der(der, seq.contentStart).expect(0x02);
          Der d = new Der(der, version.end).expect(0x04);
          byte[] scalar = java.util.Arrays.copyOfRange(der, d.contentStart, d.end);
          return KeyFactory.getInstance("EC")
              .generatePrivate(new ECPrivateKeySpec(new BigInteger(1, scalar), ecPub.getParams()));
        case "ENCRYPTED PRIVATE KEY":
          throw new GeneralSecurityException("encrypted private keys are not supported");
        default: // e.g. "EC PARAMETERS" written by `openssl ecparam -genkey` without -noout
          break;
      }
    }
    throw new GeneralSecurityException("no PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block");
  }

  /**
   * Signs random bytes with the key and verifies with the certificate: catches a key/cert mix-up.
   */
  static void checkKeyMatches(PrivateKey key, PublicKey pub) throws GeneralSecurityException {
    String alg =
        switch (pub.getAlgorithm()) {
          case "RSA" -> "SHA256withRSA";
          case "EC" -> "SHA256withECDSA";
          case "RSASSA-PSS" -> "RSASSA-PSS";
          default -> pub.getAlgorithm(); // Ed25519, Ed448
        };
    byte[] probe = new byte[32];
    new SecureRandom().nextBytes(probe);
    Signature s = Signature.getInstance(alg);
    if (alg.equals("RSASSA-PSS")) {
      s.setParameter(
          new java.security.spec.PSSParameterSpec(
              "SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
    }
    s.initSign(key);
    s.update(probe);
    byte[] sig = s.sign();
    s.initVerify(pub);
    s.update(probe);
    if (!s.verify(sig))
      throw new GeneralSecurityException("the private key does not match the certificate");
  }

  private static byte[] decode(String b64) {
    return Base64.getMimeDecoder().decode(b64);
  }

  private static byte[] tlv(int tag, byte[] content) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    o.write(tag);
    int n = content.length;
    if (n < 0x80) {
      o.write(n);
    } else {
      byte[] len = BigInteger.valueOf(n).toByteArray();
      int off = len[0] == 0 ? 1 : 0;
      o.write(0x80 | (len.length - off));
      o.write(len, off, len.length - off);
    }
    o.writeBytes(content);
    return o.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    for (byte[] p : parts) o.writeBytes(p);
    return o.toByteArray();
  }

  /** One DER TLV header at {@code pos}. */
  private static final class Der {
    final int tag;
    final int contentStart;
    final int end;

    Der(byte[] b, int pos) throws GeneralSecurityException {
      if (pos + 2 > b.length) throw new GeneralSecurityException("truncated DER");
      tag = b[pos] & 0xff;
      int len = b[pos + 1] & 0xff;
      int p = pos + 2;
      if (len >= 0x80) {
        int k = len & 0x7f;
        if (k == 0 || k > 4 || p + k > b.length)
          throw new GeneralSecurityException("bad DER length");
        len = 0;
        for (int i = 0; i < k; i++) len = (len << 8) | (b[p++] & 0xff);
      }
      contentStart = p;
      end = p + len;
      if (len < 0 || end > b.length) throw new GeneralSecurityException("truncated DER");
    }

    Der expect(int t) throws GeneralSecurityException {
      if (tag != t) throw new GeneralSecurityException("unexpected DER tag " + tag);
      return this;
    }
  }
}
