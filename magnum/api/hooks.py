"""pecan hooks: the request context."""

import pecan

from magnum.common import context


class ContextHook(pecan.hooks.PecanHook):
    """Build ``pecan.request.context`` from the identity headers."""

    def before(self, state):
        state.request.context = context.RequestContext.from_environ(
            state.request.environ
        )
