"""X.509 operations for bays: CAs, client certificates and CSR signing.

``keys`` generates RSA keys and stores them as encrypted PKCS8;
``extensions`` decides which extensions of a CSR a certificate gets;
``operations`` issues certificates. PEM documents are ``str`` throughout.
"""
