"""Tests of magnum.common.x509: CAs, client certificates, CSR signing."""

import datetime

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID
from cryptography.x509.oid import ExtensionOID
from cryptography.x509.oid import NameOID
import pytest

from magnum.common import exception
from magnum.common.x509 import extensions
from magnum.common.x509 import keys
from magnum.common.x509 import operations

_NOW = datetime.datetime.now(datetime.timezone.utc)


def _cert(pem):
    return x509.load_pem_x509_certificate(pem.encode())


def _ext(cert, oid):
    return cert.extensions.get_extension_for_oid(oid)


def _cn(name):
    return name.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value


@pytest.fixture(scope='module')
def ca(database):
    return operations.generate_ca('bay-one')


def _csr(*exts, cn='node-1', key=None):
    key = key or rsa.generate_private_key(65537, 2048)
    builder = x509.CertificateSigningRequestBuilder().subject_name(
        x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    )
    for value, critical in exts:
        builder = builder.add_extension(value, critical=critical)
    return builder.sign(key, hashes.SHA256()).public_bytes(
        serialization.Encoding.PEM
    )


def _sign(ca, csr):
    return _cert(
        operations.sign_csr(csr, ca.certificate, ca.private_key, ca.passphrase)
    )


def test_ca_is_a_ca_for_end_entities_only(ca):
    cert = _cert(ca.certificate)
    bc = _ext(cert, ExtensionOID.BASIC_CONSTRAINTS)
    assert bc.critical
    assert bc.value.ca is True
    assert bc.value.path_length == 0
    usage = _ext(cert, ExtensionOID.KEY_USAGE).value
    assert usage.key_cert_sign and usage.crl_sign
    assert not usage.digital_signature and not usage.key_encipherment


def test_ca_is_self_signed_sha256_rsa(ca):
    cert = _cert(ca.certificate)
    assert _cn(cert.subject) == 'bay-one'
    assert cert.issuer == cert.subject
    cert.verify_directly_issued_by(cert)
    assert isinstance(cert.signature_hash_algorithm, hashes.SHA256)
    assert cert.public_key().key_size == 2048
    ski = _ext(cert, ExtensionOID.SUBJECT_KEY_IDENTIFIER).value
    aki = _ext(cert, ExtensionOID.AUTHORITY_KEY_IDENTIFIER).value
    assert aki.key_identifier == ski.digest


def test_validity_starts_a_day_early_and_lasts_the_term(ca):
    cert = _cert(ca.certificate)
    assert cert.not_valid_before_utc <= _NOW - datetime.timedelta(hours=23)
    term = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert term == datetime.timedelta(days=1825 + 1)


def test_key_is_encrypted_pkcs8_with_the_passphrase(ca):
    assert ca.private_key.startswith('-----BEGIN ENCRYPTED PRIVATE KEY')
    key = keys.decrypt(ca.private_key, ca.passphrase)
    assert key.public_key() == _cert(ca.certificate).public_key()
    assert ca.passphrase not in repr(ca) and 'PRIVATE' not in repr(ca)


def test_wrong_passphrase_is_a_storage_error(ca):
    with pytest.raises(exception.CertificateStorageException) as info:
        keys.decrypt(ca.private_key, 'not-the-passphrase')
    assert 'PRIVATE KEY' not in str(info.value)


def test_long_bay_names_are_cut_to_a_valid_common_name(conf):
    conf.config(group='x509', rsa_key_size=1024)
    cert = _cert(operations.generate_ca('b' * 242).certificate)
    assert _cn(cert.subject) == 'b' * 64


def test_rsa_key_size_and_term_are_configurable(conf):
    conf.config(group='x509', rsa_key_size=1024, term_of_validity=10)
    cert = _cert(operations.generate_ca('bay').certificate)
    assert cert.public_key().key_size == 1024
    term = cert.not_valid_after_utc - cert.not_valid_before_utc
    assert term == datetime.timedelta(days=11)


def test_admin_client_certificate_chains_to_the_ca(ca):
    issued = operations.generate_client_cert(
        ca.certificate, ca.private_key, ca.passphrase
    )
    cert = _cert(issued.certificate)
    ca_cert = _cert(ca.certificate)
    cert.verify_directly_issued_by(ca_cert)
    assert _cn(cert.subject) == 'admin'
    org = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    assert org[0].value == 'system:masters'
    usage = _ext(cert, ExtensionOID.KEY_USAGE).value
    assert usage.digital_signature and usage.key_encipherment
    assert not usage.key_cert_sign
    eku = _ext(cert, ExtensionOID.EXTENDED_KEY_USAGE).value
    assert list(eku) == [ExtendedKeyUsageOID.CLIENT_AUTH]
    assert _ext(cert, ExtensionOID.BASIC_CONSTRAINTS).value.ca is False
    aki = _ext(cert, ExtensionOID.AUTHORITY_KEY_IDENTIFIER).value
    ca_ski = _ext(ca_cert, ExtensionOID.SUBJECT_KEY_IDENTIFIER).value
    assert aki.key_identifier == ca_ski.digest
    assert keys.decrypt(issued.private_key, issued.passphrase)


def test_signed_csr_keeps_subject_and_key_and_chains(ca):
    key = rsa.generate_private_key(65537, 2048)
    cert = _sign(ca, _csr(key=key))
    cert.verify_directly_issued_by(_cert(ca.certificate))
    assert _cn(cert.subject) == 'node-1'
    assert cert.issuer == _cert(ca.certificate).subject
    assert cert.public_key() == key.public_key()
    assert cert.not_valid_before_utc <= _NOW - datetime.timedelta(hours=23)
    assert _ext(cert, ExtensionOID.SUBJECT_KEY_IDENTIFIER)
    assert _ext(cert, ExtensionOID.AUTHORITY_KEY_IDENTIFIER)


def test_serial_numbers_are_random(ca):
    csr = _csr()
    assert _sign(ca, csr).serial_number != _sign(ca, csr).serial_number


def test_signing_filters_extensions_and_key_usages(ca):
    csr = _csr(
        (
            extensions.key_usage(
                digital_signature=True,
                key_encipherment=True,
                key_cert_sign=True,
                data_encipherment=True,
            ),
            True,
        ),
        (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), False),
        (x509.SubjectAlternativeName([x509.DNSName('node-1.local')]), False),
        (x509.BasicConstraints(ca=True, path_length=None), True),
        (x509.OCSPNoCheck(), False),
    )
    cert = _sign(ca, csr)
    usage = _ext(cert, ExtensionOID.KEY_USAGE).value
    assert usage.digital_signature and usage.key_encipherment
    assert not usage.key_cert_sign and not usage.data_encipherment
    eku = _ext(cert, ExtensionOID.EXTENDED_KEY_USAGE).value
    assert list(eku) == [ExtendedKeyUsageOID.SERVER_AUTH]
    san = _ext(cert, ExtensionOID.SUBJECT_ALTERNATIVE_NAME).value
    assert san.get_values_for_type(x509.DNSName) == ['node-1.local']
    assert _ext(cert, ExtensionOID.BASIC_CONSTRAINTS).value.ca is False
    with pytest.raises(x509.ExtensionNotFound):
        _ext(cert, ExtensionOID.OCSP_NO_CHECK)


def test_basic_constraints_is_written_even_when_not_requested(ca):
    cert = _sign(ca, _csr())
    bc = _ext(cert, ExtensionOID.BASIC_CONSTRAINTS)
    assert bc.critical and bc.value.ca is False


def test_allow_ca_keeps_a_requested_ca(ca, conf):
    conf.config(group='x509', allow_ca=True)
    csr = _csr((x509.BasicConstraints(ca=True, path_length=None), True))
    assert _ext(_sign(ca, csr), ExtensionOID.BASIC_CONSTRAINTS).value.ca


def test_not_allowed_extensions_are_dropped(ca, conf):
    conf.config(group='x509', allowed_extensions=['keyUsage', 'bogus'])
    csr = _csr(
        (x509.SubjectAlternativeName([x509.DNSName('a.local')]), False),
        (extensions.key_usage(digital_signature=True), True),
    )
    cert = _sign(ca, csr)
    assert _ext(cert, ExtensionOID.KEY_USAGE)
    with pytest.raises(x509.ExtensionNotFound):
        _ext(cert, ExtensionOID.SUBJECT_ALTERNATIVE_NAME)


@pytest.mark.parametrize(
    'spelling', ['Key Encipherment', 'keyEncipherment', 'key_encipherment']
)
def test_key_usage_names_in_any_spelling(ca, conf, spelling):
    conf.config(group='x509', allowed_key_usage=[spelling])
    csr = _csr(
        (
            extensions.key_usage(
                digital_signature=True, key_encipherment=True
            ),
            True,
        )
    )
    usage = _ext(_sign(ca, csr), ExtensionOID.KEY_USAGE).value
    assert usage.key_encipherment and not usage.digital_signature


def test_key_usage_without_allowed_bits_is_dropped(ca, conf):
    conf.config(group='x509', allowed_key_usage=['Digital Signature'])
    csr = _csr((extensions.key_usage(key_cert_sign=True), True))
    with pytest.raises(x509.ExtensionNotFound):
        _ext(_sign(ca, csr), ExtensionOID.KEY_USAGE)


def test_key_identifiers_of_the_csr_are_replaced(ca):
    other = rsa.generate_private_key(65537, 2048).public_key()
    csr = _csr(
        (x509.SubjectKeyIdentifier.from_public_key(other), False),
    )
    cert = _sign(ca, csr)
    ski = _ext(cert, ExtensionOID.SUBJECT_KEY_IDENTIFIER).value
    expected = x509.SubjectKeyIdentifier.from_public_key(cert.public_key())
    assert ski == expected


@pytest.mark.parametrize(
    'bad',
    [
        'not a csr',
        '',
        None,
        '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n'
        '-----END CERTIFICATE REQUEST-----\n',
        b'\xff\xfe',
    ],
)
def test_invalid_csr_is_a_400(ca, bad):
    with pytest.raises(exception.InvalidCsr) as info:
        operations.sign_csr(bad, ca.certificate, ca.private_key, ca.passphrase)
    assert info.value.code == 400


def test_a_certificate_is_not_a_csr(ca):
    with pytest.raises(exception.InvalidCsr):
        operations.load_csr(ca.certificate)


def test_csr_as_str_or_bytes(ca):
    csr = _csr()
    assert (
        operations.load_csr(csr).subject
        == operations.load_csr(csr.decode()).subject
    )
