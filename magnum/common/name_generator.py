"""Readable random names for resources created without one."""

import random

_LETTERS = (
    'alpha',
    'beta',
    'gamma',
    'delta',
    'epsilon',
    'zeta',
    'eta',
    'theta',
    'iota',
    'kappa',
    'lambda',
    'mu',
    'nu',
    'xi',
    'omicron',
    'pi',
    'rho',
    'sigma',
    'tau',
    'upsilon',
    'phi',
    'chi',
    'psi',
    'omega',
)
_RANDOM = random.SystemRandom()


def generate(kind):
    """Return a name such as ``sigma-7-template`` for a ``kind``."""
    return '%s-%d-%s' % (
        _RANDOM.choice(_LETTERS),
        _RANDOM.randint(1, 10000),
        kind,
    )
