"""oslo.i18n integration for magnum."""

import oslo_i18n

_translators = oslo_i18n.TranslatorFactory(domain='magnum')

# The primary translation function using the well-known name "_"
_ = _translators.primary
