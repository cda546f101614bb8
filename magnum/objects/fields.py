"""Enumerations and field types of magnum's objects."""

from oslo_serialization import jsonutils
from oslo_versionedobjects import fields


class ClusterStatus(fields.Enum):
    """Status strings of bays/clusters and nodegroups (upstream values)."""

    CREATE_IN_PROGRESS = 'CREATE_IN_PROGRESS'
    CREATE_FAILED = 'CREATE_FAILED'
    CREATE_COMPLETE = 'CREATE_COMPLETE'
    UPDATE_IN_PROGRESS = 'UPDATE_IN_PROGRESS'
    UPDATE_FAILED = 'UPDATE_FAILED'
    UPDATE_COMPLETE = 'UPDATE_COMPLETE'
    DELETE_IN_PROGRESS = 'DELETE_IN_PROGRESS'
    DELETE_FAILED = 'DELETE_FAILED'
    DELETE_COMPLETE = 'DELETE_COMPLETE'
    RESUME_COMPLETE = 'RESUME_COMPLETE'
    RESUME_FAILED = 'RESUME_FAILED'
    RESTORE_COMPLETE = 'RESTORE_COMPLETE'
    ROLLBACK_IN_PROGRESS = 'ROLLBACK_IN_PROGRESS'
    ROLLBACK_FAILED = 'ROLLBACK_FAILED'
    ROLLBACK_COMPLETE = 'ROLLBACK_COMPLETE'
    SNAPSHOT_COMPLETE = 'SNAPSHOT_COMPLETE'
    CHECK_COMPLETE = 'CHECK_COMPLETE'
    ADOPT_COMPLETE = 'ADOPT_COMPLETE'

    ALL = (
        CREATE_IN_PROGRESS,
        CREATE_FAILED,
        CREATE_COMPLETE,
        UPDATE_IN_PROGRESS,
        UPDATE_FAILED,
        UPDATE_COMPLETE,
        DELETE_IN_PROGRESS,
        DELETE_FAILED,
        DELETE_COMPLETE,
        RESUME_COMPLETE,
        RESUME_FAILED,
        RESTORE_COMPLETE,
        ROLLBACK_IN_PROGRESS,
        ROLLBACK_FAILED,
        ROLLBACK_COMPLETE,
        SNAPSHOT_COMPLETE,
        CHECK_COMPLETE,
        ADOPT_COMPLETE,
    )
    STATUS_FAILED = (
        CREATE_FAILED,
        UPDATE_FAILED,
        DELETE_FAILED,
        ROLLBACK_FAILED,
        RESUME_FAILED,
    )
    IN_PROGRESS = (
        CREATE_IN_PROGRESS,
        UPDATE_IN_PROGRESS,
        DELETE_IN_PROGRESS,
        ROLLBACK_IN_PROGRESS,
    )

    def __init__(self):
        super().__init__(valid_values=ClusterStatus.ALL)


class ClusterHealthStatus(fields.Enum):
    """Health of a bay as seen through its Kubernetes API."""

    HEALTHY = 'HEALTHY'
    UNHEALTHY = 'UNHEALTHY'
    UNKNOWN = 'UNKNOWN'
    ALL = (HEALTHY, UNHEALTHY, UNKNOWN)

    def __init__(self):
        super().__init__(valid_values=ClusterHealthStatus.ALL)


class ClusterType(fields.Enum):
    """Container orchestration engines (COE) the service builds."""

    KUBERNETES = 'kubernetes'
    ALL = (KUBERNETES,)

    def __init__(self):
        super().__init__(valid_values=ClusterType.ALL)


class ServerType(fields.Enum):
    """Where nodes run: virtual machines or bare metal."""

    VM = 'vm'
    BM = 'bm'
    ALL = (VM, BM)

    def __init__(self):
        super().__init__(valid_values=ServerType.ALL)


class QuotaResource(fields.Enum):
    """Resources a quota can limit."""

    CLUSTER = 'Cluster'
    ALL = (CLUSTER,)

    def __init__(self):
        super().__init__(valid_values=QuotaResource.ALL)


class ClusterStatusField(fields.BaseEnumField):
    AUTO_TYPE = ClusterStatus()


class ClusterHealthStatusField(fields.BaseEnumField):
    AUTO_TYPE = ClusterHealthStatus()


class ClusterTypeField(fields.BaseEnumField):
    AUTO_TYPE = ClusterType()


class ServerTypeField(fields.BaseEnumField):
    AUTO_TYPE = ServerType()


class QuotaResourceField(fields.BaseEnumField):
    AUTO_TYPE = QuotaResource()


class Json(fields.FieldType):
    """Any JSON-serialisable value (dicts of operation arguments)."""

    @staticmethod
    def coerce(obj, attr, value):
        if isinstance(value, str):
            return jsonutils.loads(value)
        jsonutils.dumps(value)
        return value

    @staticmethod
    def to_primitive(obj, attr, value):
        return jsonutils.dumps(value)

    @staticmethod
    def from_primitive(obj, attr, value):
        return jsonutils.loads(value)


class JsonField(fields.AutoTypedField):
    AUTO_TYPE = Json()
