package io.chouette.collectors.k8s;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * PEM certificates and private keys, as Kubernetes writes them, without an extra library. Keys may
 * be PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE KEY}, what {@code
 * openssl genrsa}, kubeadm and microk8s write) or SEC1 EC ({@code BEGIN EC PRIVATE KEY}). Encrypted
 * keys are not supported: a daemon has nobody to ask for the passphrase.
 */
final class PemKeys {

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([^-]*)-----END \\1-----");

  /** DER of AlgorithmIdentifier { rsaEncryption, NULL }. */
  private static final byte[] RSA_ALGORITHM = der(0x30, hex("06092a864886f70d010101"), hex("0500"));

  /** DER of OID id-ecPublicKey (1.2.840.10045.2.1). */
  private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");

  private PemKeys() {}

  /** Key managers presenting {@code certFile}'s chain with {@code keyFile}'s key. */
  static KeyManager[] keyManagers(Path certFile, Path keyFile)
      throws IOException, GeneralSecurityException {
    List<X509Certificate> chain = certificates(certFile);
    PrivateKey key = privateKey(Files.readString(keyFile, StandardCharsets.US_ASCII), keyFile);
    char[] password = new char[0];
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("client", key, password, chain.toArray(new Certificate[0]));
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, password);
    return factory.getKeyManagers();
  }

  /** A trust manager that trusts the certificates in {@code caFile} only. */
  static X509TrustManager trustManager(Path caFile) throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    int i = 0;
    for (X509Certificate certificate : certificates(caFile)) {
      store.setCertificateEntry("ca" + i++, certificate);
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager");
  }

  /** Every certificate in a PEM file, in order. */
  static List<X509Certificate> certificates(Path file)
      throws IOException, GeneralSecurityException {
    byte[] bytes = Files.readAllBytes(file);
    List<X509Certificate> certificates = new ArrayList<>();
    for (Certificate certificate :
        CertificateFactory.getInstance("X.509")
            .generateCertificates(new ByteArrayInputStream(bytes))) {
      certificates.add((X509Certificate) certificate);
    }
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("no certificate in " + file);
    }
    return certificates;
  }

  /** The first private key in PEM text. */
  static PrivateKey privateKey(String pem, Path source)
      throws IOException, GeneralSecurityException {
    if (pem.contains("ENCRYPTED")) {
      throw new GeneralSecurityException(
          source + ": encrypted keys are not supported (use an unencrypted key)");
    }
    Matcher block = BLOCK.matcher(pem);
    while (block.find()) {
      String type = block.group(1);
      if (!type.endsWith("PRIVATE KEY")) {
        continue;
      }
      byte[] der = Base64.getMimeDecoder().decode(block.group(2));
      switch (type) {
        case "PRIVATE KEY":
          return pkcs8(der);
        case "RSA PRIVATE KEY":
          return KeyFactory.getInstance("RSA")
              .generatePrivate(
                  new PKCS8EncodedKeySpec(der(0x30, hex("020100"), RSA_ALGORITHM, der(0x04, der))));
        case "EC PRIVATE KEY":
          return KeyFactory.getInstance("EC")
              .generatePrivate(new PKCS8EncodedKeySpec(sec1ToPkcs8(der)));
        default:
          throw new GeneralSecurityException(
              source + ": " + type.toLowerCase() + " is not supported (use an unencrypted key)");
      }
    }
    throw new GeneralSecurityException("no private key in " + source);
  }

  private static PrivateKey pkcs8(byte[] der) throws GeneralSecurityException {
    GeneralSecurityException last = null;
    for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw last;
  }

  /**
   * Wraps a SEC1 {@code ECPrivateKey} (RFC 5915) in a PKCS#8 {@code PrivateKeyInfo}, taking the
   * curve from its {@code [0] parameters}.
   */
  // visible for testing
  static byte[] sec1ToPkcs8(byte[] sec1) throws GeneralSecurityException {
    Tlv sequence = Tlv.read(sec1, 0);
    if (sequence.tag() != 0x30) {
      throw new GeneralSecurityException("EC key is not a DER sequence");
    }
    int offset = sequence.contentStart();
    while (offset < sequence.end()) {
      Tlv element = Tlv.read(sec1, offset);
      if (element.tag() == 0xA0) {
        Tlv curve = Tlv.read(sec1, element.contentStart());
        byte[] curveOid = java.util.Arrays.copyOfRange(sec1, curve.start(), curve.end());
        return der(0x30, hex("020100"), der(0x30, EC_PUBLIC_KEY_OID, curveOid), der(0x04, sec1));
      }
      offset = element.end();
    }
    throw new GeneralSecurityException("EC key names no curve");
  }

  /** One DER tag-length-value: where it starts, where its content starts, where it ends. */
  // visible for testing
  record Tlv(int tag, int start, int contentStart, int end) {
    static Tlv read(byte[] der, int start) throws GeneralSecurityException {
      if (start + 2 > der.length) {
        throw new GeneralSecurityException("truncated DER");
      }
      int tag = der[start] & 0xff;
      int length = der[start + 1] & 0xff;
      int contentStart = start + 2;
      if (length > 0x80) {
        int bytes = length & 0x7f;
        if (bytes > 3 || contentStart + bytes > der.length) {
          throw new GeneralSecurityException("bad DER length");
        }
        length = 0;
        for (int i = 0; i < bytes; i++) {
          length = (length << 8) | (der[contentStart + i] & 0xff);
        }
        contentStart += bytes;
      }
      if (contentStart + length > der.length) {
        throw new GeneralSecurityException("truncated DER");
      }
      return new Tlv(tag, start, contentStart, contentStart + length);
    }
  }

  /** A DER element: {@code tag}, length, then the concatenated {@code contents}. */
  // visible for testing
  static byte[] der(int tag, byte[]... contents) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] part : contents) {
      content.writeBytes(part);
    }
    int length = content.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
    out.write(tag);
    if (length < 0x80) {
      out.write(length);
    } else if (length < 0x100) {
      out.write(0x81);
      out.write(length);
    } else if (length < 0x10000) {
      out.write(0x82);
      out.write(length >> 8);
      out.write(length);
    } else {
      out.write(0x83);
      out.write(length >> 16);
      out.write(length >> 8);
      out.write(length);
    }
    out.writeBytes(content.toByteArray());
    return out.toByteArray();
  }

  private static byte[] hex(String hex) {
    byte[] bytes = new byte[hex.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    return bytes;
  }
}
