package io.chouette.collectors.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

class PemKeysTest {

  private static final Path SOURCE = Path.of("client.key");

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  @Test
  void readsPkcs8AndPkcs1RsaKeys() throws Exception {
    HeldCertificate held = new HeldCertificate.Builder().rsa2048().build();
    PrivateKey expected = held.keyPair().getPrivate();

    assertThat(PemKeys.privateKey(held.privateKeyPkcs8Pem(), SOURCE)).isEqualTo(expected);
    assertThat(PemKeys.privateKey(held.privateKeyPkcs1Pem(), SOURCE)).isEqualTo(expected);
    // a certificate before the key, as in a combined file
    assertThat(PemKeys.privateKey(held.certificatePem() + held.privateKeyPkcs1Pem(), SOURCE))
        .isEqualTo(expected);
  }

  @Test
  void readsPkcs8AndSec1EcKeys() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    PrivateKey key = generator.generateKeyPair().getPrivate();
    byte[] pkcs8 = key.getEncoded();
    assertThat(PemKeys.privateKey(pem("PRIVATE KEY", pkcs8), SOURCE)).isEqualTo(key);

    // What openssl writes as "EC PRIVATE KEY": ECPrivateKey { 1, key, [0] curve }. Java's PKCS#8
    // holds the curve in the algorithm and the bare ECPrivateKey in its octet string.
    PemKeys.Tlv info = PemKeys.Tlv.read(pkcs8, 0);
    PemKeys.Tlv version = PemKeys.Tlv.read(pkcs8, info.contentStart());
    PemKeys.Tlv algorithm = PemKeys.Tlv.read(pkcs8, version.end());
    PemKeys.Tlv algorithmOid = PemKeys.Tlv.read(pkcs8, algorithm.contentStart());
    PemKeys.Tlv curve = PemKeys.Tlv.read(pkcs8, algorithmOid.end());
    PemKeys.Tlv octets = PemKeys.Tlv.read(pkcs8, algorithm.end());
    PemKeys.Tlv ecKey = PemKeys.Tlv.read(pkcs8, octets.contentStart());
    PemKeys.Tlv ecVersion = PemKeys.Tlv.read(pkcs8, ecKey.contentStart());
    PemKeys.Tlv secret = PemKeys.Tlv.read(pkcs8, ecVersion.end());
    byte[] sec1 =
        PemKeys.der(
            0x30,
            Arrays.copyOfRange(pkcs8, ecVersion.start(), ecVersion.end()),
            Arrays.copyOfRange(pkcs8, secret.start(), secret.end()),
            PemKeys.der(0xA0, Arrays.copyOfRange(pkcs8, curve.start(), curve.end())));

    ECPrivateKey read = (ECPrivateKey) PemKeys.privateKey(pem("EC PRIVATE KEY", sec1), SOURCE);
    // same secret on the same curve (encodings differ: the curve now also sits inside)
    assertThat(read.getS()).isEqualTo(((ECPrivateKey) key).getS());
    assertThat(read.getParams().getCurve()).isEqualTo(((ECPrivateKey) key).getParams().getCurve());
  }

  @Test
  void encryptedOrMissingKeyIsAClearError() {
    assertThatThrownBy(
            () ->
                PemKeys.privateKey(
                    "-----BEGIN ENCRYPTED PRIVATE KEY-----\n"
                        + "AAAA\n"
                        + "-----END ENCRYPTED PRIVATE KEY-----",
                    SOURCE))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessage("client.key: encrypted keys are not supported (use an unencrypted key)");
    assertThatThrownBy(
            () ->
                PemKeys.privateKey(new HeldCertificate.Builder().build().certificatePem(), SOURCE))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessage("no private key in client.key");
    assertThatThrownBy(() -> PemKeys.sec1ToPkcs8(PemKeys.der(0x30, new byte[] {2, 1, 1})))
        .isInstanceOf(GeneralSecurityException.class)
        .hasMessage("EC key names no curve");
  }
}
