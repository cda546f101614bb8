"""Process setup: configuration files, logging, RPC transports."""

from oslo_config import cfg
from oslo_log import log as logging

from magnum import version
from magnum.common import rpc
import magnum.conf

CONF = magnum.conf.CONF


def parse_args(argv, program=None, default_config_files=None):
    """Parse the command line and configuration files of a magnum process.

    :param argv: arguments without the program name.
    """
    logging.register_options(CONF)
    CONF(
        argv,
        project='magnum',
        prog=program,
        version=version.version_string(),
        default_config_files=default_config_files,
    )
    rpc.init(CONF)


def setup_logging():
    """Configure logging from the parsed configuration."""
    logging.setup(CONF, 'magnum')


def register_logging_opts(conf=None):
    """Register oslo.log's options (for tools that do not call parse_args)."""
    try:
        logging.register_options(conf or CONF)
    except cfg.ArgsAlreadyParsedError:
        pass
