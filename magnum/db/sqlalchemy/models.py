"""SQLAlchemy models: one class per table.

The alembic migrations in ``alembic/versions`` create exactly this schema;
``magnum/tests/unit/db/test_migrations.py`` fails when they disagree.
"""

from oslo_db.sqlalchemy import models
from oslo_utils import timeutils
from sqlalchemy import Boolean
from sqlalchemy import Column
from sqlalchemy import DateTime
from sqlalchemy import Index
from sqlalchemy import Integer
from sqlalchemy import String
from sqlalchemy import Text
from sqlalchemy import UniqueConstraint
from sqlalchemy.orm import declarative_base

from magnum.db.sqlalchemy.types import JSONDict
from magnum.db.sqlalchemy.types import JSONList

TABLE_ARGS = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}


def now():
    # Whole seconds: MariaDB's DATETIME drops the fraction, and an answer
    # must show what a later read of the row shows.
    return timeutils.utcnow().replace(microsecond=0)


class MagnumBase(models.ModelBase):
    """Base of every model: created_at/updated_at and dict access."""

    created_at = Column(DateTime, default=now)
    updated_at = Column(DateTime, onupdate=now)

    def as_dict(self):
        """Return the columns of this row as a dict."""
        return {c.name: getattr(self, c.name) for c in self.__table__.columns}


Base = declarative_base(cls=MagnumBase)


class ClusterTemplate(Base):
    """A cluster template (baymodel): how bays are built."""

    __tablename__ = 'cluster_template'
    __table_args__ = (
        UniqueConstraint('uuid', name='uniq_cluster_template0uuid'),
        Index('ix_cluster_template_project_id', 'project_id'),
        TABLE_ARGS,
    )
    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=False)
    project_id = Column(String(255))
    user_id = Column(String(255))
    name = Column(String(255))
    image_id = Column(String(255))
    flavor_id = Column(String(255))
    master_flavor_id = Column(String(255))
    keypair_id = Column(String(255))
    external_network_id = Column(String(255))
    fixed_network = Column(String(255))
    fixed_subnet = Column(String(255))
    network_driver = Column(String(255))
    volume_driver = Column(String(255))
    dns_nameserver = Column(String(255))
    apiserver_port = Column(Integer)
    docker_volume_size = Column(Integer)
    docker_storage_driver = Column(String(255))
    cluster_distro = Column(String(255))
    coe = Column(String(255))
    http_proxy = Column(String(255))
    https_proxy = Column(String(255))
    no_proxy = Column(String(255))
    registry_enabled = Column(Boolean, default=False)
    labels = Column(JSONDict)
    tls_disabled = Column(Boolean, default=False)
    public = Column(Boolean, default=False)
    server_type = Column(String(255))
    insecure_registry = Column(String(255))
    master_lb_enabled = Column(Boolean, default=False)
    floating_ip_enabled = Column(Boolean, default=True)
    hidden = Column(Boolean, default=False)
    tags = Column(String(255))
    driver = Column(String(255))


class Cluster(Base):
    """A cluster (bay), with the reservation that locks it."""

    __tablename__ = 'cluster'
    __table_args__ = (
        UniqueConstraint('uuid', name='uniq_cluster0uuid'),
        Index('ix_cluster_project_id', 'project_id'),
        Index('ix_cluster_status', 'status'),
        Index('ix_cluster_reservation', 'reservation'),
        TABLE_ARGS,
    )
    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=False)
    project_id = Column(String(255))
    user_id = Column(String(255))
    name = Column(String(255))
    cluster_template_id = Column(String(255))
    keypair = Column(String(255))
    docker_volume_size = Column(Integer)
    labels = Column(JSONDict)
    master_flavor_id = Column(String(255))
    flavor_id = Column(String(255))
    stack_id = Column(String(255))
    api_address = Column(String(255))
    status = Column(String(20))
    status_reason = Column(Text)
    health_status = Column(String(20))
    health_status_reason = Column(JSONDict)
    create_timeout = Column(Integer)
    discovery_url = Column(String(255))
    coe_version = Column(String(255))
    container_version = Column(String(255))
    ca_cert_ref = Column(String(512))
    magnum_cert_ref = Column(String(512))
    etcd_ca_cert_ref = Column(String(512))
    front_proxy_ca_cert_ref = Column(String(512))
    fixed_network = Column(String(255))
    fixed_subnet = Column(String(255))
    floating_ip_enabled = Column(Boolean, default=True)
    master_lb_enabled = Column(Boolean, default=False)
    trust_id = Column(String(255))
    trustee_username = Column(String(255))
    trustee_password = Column(String(255))
    trustee_user_id = Column(String(255))
    #: Host of the conductor working on the cluster, NULL when unlocked.
    reservation = Column(String(255))
    #: When the current *_IN_PROGRESS operation started (timeouts).
    status_started_at = Column(DateTime)
    #: The operation the conductor owes the bay (create, update, delete…),
    #: its arguments, and when the driver accepted it (NULL: not yet).
    operation = Column(String(255))
    operation_args = Column(JSONDict)
    operation_submitted_at = Column(DateTime)


class NodeGroup(Base):
    """A group of nodes of one role in a cluster."""

    __tablename__ = 'nodegroup'
    __table_args__ = (
        UniqueConstraint('uuid', name='uniq_nodegroup0uuid'),
        UniqueConstraint(
            'cluster_id', 'name', name='uniq_nodegroup0cluster_id0name'
        ),
        TABLE_ARGS,
    )
    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=False)
    name = Column(String(255))
    cluster_id = Column(String(255))
    project_id = Column(String(255))
    docker_volume_size = Column(Integer)
    labels = Column(JSONDict)
    flavor_id = Column(String(255))
    image_id = Column(String(255))
    node_addresses = Column(JSONList)
    node_count = Column(Integer)
    role = Column(String(255))
    max_node_count = Column(Integer)
    min_node_count = Column(Integer, default=0)
    is_default = Column(Boolean, default=False)
    stack_id = Column(String(255))
    status = Column(String(20))
    status_reason = Column(Text)
    version = Column(String(20))
    node_labels = Column(JSONDict)
    node_taints = Column(JSONList)


class X509KeyPair(Base):
    """A certificate and its key, stored by the x509keypair backend."""

    __tablename__ = 'x509keypair'
    __table_args__ = (
        UniqueConstraint('uuid', name='uniq_x509keypair0uuid'),
        TABLE_ARGS,
    )
    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=False)
    certificate = Column(Text)
    private_key = Column(Text)
    private_key_passphrase = Column(Text)
    intermediates = Column(Text)
    project_id = Column(String(255))
    user_id = Column(String(255))


class MagnumService(Base):
    """A running magnum service and its heartbeat."""

    __tablename__ = 'magnum_service'
    __table_args__ = (
        UniqueConstraint(
            'host', 'binary', name='uniq_magnum_service0host0binary'
        ),
        TABLE_ARGS,
    )
    id = Column(Integer, primary_key=True)
    host = Column(String(255))
    binary = Column(String(255))
    disabled = Column(Boolean, default=False)
    disabled_reason = Column(String(255))
    last_seen_up = Column(DateTime)
    forced_down = Column(Boolean, default=False)
    report_count = Column(Integer, nullable=False, default=0)


class Quota(Base):
    """An explicit quota of a project for one resource."""

    __tablename__ = 'quotas'
    __table_args__ = (
        UniqueConstraint(
            'project_id', 'resource', name='uniq_quotas0project_id0resource'
        ),
        TABLE_ARGS,
    )
    id = Column(Integer, primary_key=True)
    project_id = Column(String(255))
    resource = Column(String(255))
    hard_limit = Column(Integer)


class ProjectLock(Base):
    """One row per project, locked to count and reserve its quota."""

    __tablename__ = 'project_lock'
    __table_args__ = (
        UniqueConstraint('project_id', name='uniq_project_lock0project_id'),
        TABLE_ARGS,
    )
    id = Column(Integer, primary_key=True)
    project_id = Column(String(255), nullable=False)


class _K8sResource:
    """Columns shared by the Kubernetes objects recorded per bay."""

    id = Column(Integer, primary_key=True)
    uuid = Column(String(36), nullable=False)
    name = Column(String(255))
    bay_uuid = Column(String(36))
    labels = Column(JSONDict)
    project_id = Column(String(255))
    user_id = Column(String(255))


class Pod(_K8sResource, Base):
    """A pod created through the API in a bay."""

    __tablename__ = 'pod'
    __table_args__ = (
        UniqueConstraint('uuid', name='uniq_pod0uuid'),
        UniqueConstraint('bay_uuid', 'name', name='uniq_pod0bay_uuid0name'),
        TABLE_ARGS,
    )
    desc = Column(String(255))
    images = Column(JSONList)
    status = Column(String(255))
    host = Column(String(255))


class Service(_K8sResource, Base):
    """A Kubernetes service created through the API in a bay."""

    __tablename__ = 'service'
    __table_args__ = (
        UniqueConstraint('uuid', name='uniq_service0uuid'),
        UniqueConstraint(
            'bay_uuid', 'name', name='uniq_service0bay_uuid0name'
        ),
        TABLE_ARGS,
    )
    selector = Column(JSONDict)
    ip = Column(String(36))
    ports = Column(JSONList)


class ReplicationController(_K8sResource, Base):
    """A replication controller created through the API in a bay."""

    __tablename__ = 'replicationcontroller'
    __table_args__ = (
        UniqueConstraint('uuid', name='uniq_replicationcontroller0uuid'),
        UniqueConstraint(
            'bay_uuid', 'name', name='uniq_replicationcontroller0bay_uuid0name'
        ),
        TABLE_ARGS,
    )
    images = Column(JSONList)
    replicas = Column(Integer)
