"""Column types shared by the models."""

import json

from sqlalchemy import types as sa_types


class JSONEncoded(sa_types.TypeDecorator):
    """A JSON document stored as text, portable across every backend."""

    impl = sa_types.Text
    cache_ok = True
    #: The Python value of a NULL column (subclasses: {} or []).
    empty = None

    def process_bind_param(self, value, dialect):
        if value is None:
            value = self.empty
        return None if value is None else json.dumps(value)

    def process_result_value(self, value, dialect):
        if value is None:
            return type(self.empty)() if self.empty is not None else None
        return json.loads(value)


class JSONDict(JSONEncoded):
    """A JSON object; NULL reads as ``{}``."""

    cache_ok = True
    empty = {}


class JSONList(JSONEncoded):
    """A JSON array; NULL reads as ``[]``."""

    cache_ok = True
    empty = []
