"""Initial schema: templates, bays, nodegroups, certificates, services,
quotas and the Kubernetes objects recorded per bay.

Revision ID: 6582b3b1f4d9
Revises:
Create Date: 2026-11-22 03:57:18
"""

from alembic import op
import sqlalchemy as sa

revision = '6582b3b1f4d9'
down_revision = None
branch_labels = None
depends_on = None

TABLE_ARGS = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}


def _s(name, length=255, **kwargs):
    return sa.Column(name, sa.String(length=length), **kwargs)


def _base():
    return [
        sa.Column('id', sa.Integer(), primary_key=True),
        sa.Column('created_at', sa.DateTime()),
        sa.Column('updated_at', sa.DateTime()),
    ]


def _owned():
    return [_s('uuid', 36, nullable=False), _s('project_id'), _s('user_id')]


def upgrade():
    op.create_table(
        'cluster_template',
        *_base(),
        *_owned(),
        _s('name'),
        _s('image_id'),
        _s('flavor_id'),
        _s('master_flavor_id'),
        _s('keypair_id'),
        _s('external_network_id'),
        _s('fixed_network'),
        _s('fixed_subnet'),
        _s('network_driver'),
        _s('volume_driver'),
        _s('dns_nameserver'),
        sa.Column('apiserver_port', sa.Integer()),
        sa.Column('docker_volume_size', sa.Integer()),
        _s('docker_storage_driver'),
        _s('cluster_distro'),
        _s('coe'),
        _s('http_proxy'),
        _s('https_proxy'),
        _s('no_proxy'),
        sa.Column('registry_enabled', sa.Boolean()),
        sa.Column('labels', sa.Text()),
        sa.Column('tls_disabled', sa.Boolean()),
        sa.Column('public', sa.Boolean()),
        _s('server_type'),
        _s('insecure_registry'),
        sa.Column('master_lb_enabled', sa.Boolean()),
        sa.Column('floating_ip_enabled', sa.Boolean()),
        sa.Column('hidden', sa.Boolean()),
        _s('tags'),
        _s('driver'),
        sa.UniqueConstraint('uuid', name='uniq_cluster_template0uuid'),
        **TABLE_ARGS,
    )
    op.create_index(
        'ix_cluster_template_project_id', 'cluster_template', ['project_id']
    )

    op.create_table(
        'cluster',
        *_base(),
        *_owned(),
        _s('name'),
        _s('cluster_template_id'),
        _s('keypair'),
        sa.Column('docker_volume_size', sa.Integer()),
        sa.Column('labels', sa.Text()),
        _s('master_flavor_id'),
        _s('flavor_id'),
        _s('stack_id'),
        _s('api_address'),
        _s('status', 20),
        sa.Column('status_reason', sa.Text()),
        _s('health_status', 20),
        sa.Column('health_status_reason', sa.Text()),
        sa.Column('create_timeout', sa.Integer()),
        _s('discovery_url'),
        _s('coe_version'),
        _s('container_version'),
        _s('ca_cert_ref', 512),
        _s('magnum_cert_ref', 512),
        _s('etcd_ca_cert_ref', 512),
        _s('front_proxy_ca_cert_ref', 512),
        _s('fixed_network'),
        _s('fixed_subnet'),
        sa.Column('floating_ip_enabled', sa.Boolean()),
        sa.Column('master_lb_enabled', sa.Boolean()),
        _s('trust_id'),
        _s('trustee_username'),
        _s('trustee_password'),
        _s('trustee_user_id'),
        _s('reservation'),
        sa.Column('status_started_at', sa.DateTime()),
        sa.UniqueConstraint('uuid', name='uniq_cluster0uuid'),
        **TABLE_ARGS,
    )
    for column in ('project_id', 'status', 'reservation'):
        op.create_index('ix_cluster_%s' % column, 'cluster', [column])

    op.create_table(
        'nodegroup',
        *_base(),
        _s('uuid', 36, nullable=False),
        _s('name'),
        _s('cluster_id'),
        _s('project_id'),
        sa.Column('docker_volume_size', sa.Integer()),
        sa.Column('labels', sa.Text()),
        _s('flavor_id'),
        _s('image_id'),
        sa.Column('node_addresses', sa.Text()),
        sa.Column('node_count', sa.Integer()),
        _s('role'),
        sa.Column('max_node_count', sa.Integer()),
        sa.Column('min_node_count', sa.Integer()),
        sa.Column('is_default', sa.Boolean()),
        _s('stack_id'),
        _s('status', 20),
        sa.Column('status_reason', sa.Text()),
        _s('version', 20),
        sa.Column('node_labels', sa.Text()),
        sa.Column('node_taints', sa.Text()),
        sa.UniqueConstraint('uuid', name='uniq_nodegroup0uuid'),
        sa.UniqueConstraint(
            'cluster_id', 'name', name='uniq_nodegroup0cluster_id0name'
        ),
        **TABLE_ARGS,
    )

    op.create_table(
        'x509keypair',
        *_base(),
        *_owned(),
        sa.Column('certificate', sa.Text()),
        sa.Column('private_key', sa.Text()),
        sa.Column('private_key_passphrase', sa.Text()),
        sa.Column('intermediates', sa.Text()),
        sa.UniqueConstraint('uuid', name='uniq_x509keypair0uuid'),
        **TABLE_ARGS,
    )

    op.create_table(
        'magnum_service',
        *_base(),
        _s('host'),
        _s('binary'),
        sa.Column('disabled', sa.Boolean()),
        _s('disabled_reason'),
        sa.Column('last_seen_up', sa.DateTime()),
        sa.Column('forced_down', sa.Boolean()),
        sa.Column('report_count', sa.Integer(), nullable=False),
        sa.UniqueConstraint(
            'host', 'binary', name='uniq_magnum_service0host0binary'
        ),
        **TABLE_ARGS,
    )

    op.create_table(
        'quotas',
        *_base(),
        _s('project_id'),
        _s('resource'),
        sa.Column('hard_limit', sa.Integer()),
        sa.UniqueConstraint(
            'project_id', 'resource', name='uniq_quotas0project_id0resource'
        ),
        **TABLE_ARGS,
    )

    k8s_tables = {
        'pod': [
            _s('desc'),
            sa.Column('images', sa.Text()),
            _s('status'),
            _s('host'),
        ],
        'service': [
            sa.Column('selector', sa.Text()),
            _s('ip', 36),
            sa.Column('ports', sa.Text()),
        ],
        'replicationcontroller': [
            sa.Column('images', sa.Text()),
            sa.Column('replicas', sa.Integer()),
        ],
    }
    for table, columns in k8s_tables.items():
        op.create_table(
            table,
            *_base(),
            *_owned(),
            _s('name'),
            _s('bay_uuid', 36),
            sa.Column('labels', sa.Text()),
            *columns,
            sa.UniqueConstraint('uuid', name='uniq_%s0uuid' % table),
            sa.UniqueConstraint(
                'bay_uuid', 'name', name='uniq_%s0bay_uuid0name' % table
            ),
            **TABLE_ARGS,
        )
