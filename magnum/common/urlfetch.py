"""Fetching a ``manifest_url`` without becoming a proxy into the cloud.

Only ``http`` and ``https`` URLs are fetched. The host is resolved first
and refused when any of its addresses is loopback, link-local (the
metadata service at 169.254.169.254), unspecified or multicast, unless
``[manifest] allowed_hosts`` names it; the connection then goes to the
address that was checked, so a second resolution cannot point elsewhere.
Redirects are followed by hand, each target checked the same way, at most
``[manifest] max_redirects`` times. The whole fetch, redirects and body
included, must end within ``[manifest] fetch_timeout`` seconds and the
body may not exceed ``[manifest] max_manifest_size`` bytes. Proxies from
the environment are not used.
"""

import ipaddress
import socket
import time
import urllib.parse

from oslo_config import cfg
from oslo_log import log as logging
import urllib3

from magnum.common import exception
from magnum.i18n import _

CONF = cfg.CONF
LOG = logging.getLogger(__name__)

SCHEMES = ('http', 'https')
_REDIRECTS = (301, 302, 303, 307, 308)
_CHUNK = 65536
_THIS_NETWORK = ipaddress.ip_network('0.0.0.0/8')
_NAT64 = ipaddress.ip_network('64:ff9b::/96')


def _refused(fmt, **values):
    return exception.InvalidParameterValue(
        err=_('Cannot fetch manifest_url: %s') % (fmt % values)
    )


def refusal(address):
    """Why ``address`` may not be fetched from, or None.

    IPv6 addresses that embed an IPv4 one (mapped, 6to4, NAT64) are judged
    by the embedded address.
    """
    if address.version == 6:
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return refusal(embedded)
    if address.is_loopback:
        return _('loopback')
    if address.is_link_local:
        return _('link-local')
    if address.is_unspecified or (
        address.version == 4 and address in _THIS_NETWORK
    ):
        return _('unspecified')
    if address.is_multicast:
        return _('multicast')
    return None


def _allowed(host, address):
    for entry in CONF.manifest.allowed_hosts:
        entry = entry.strip()
        if not entry:
            continue
        try:
            network = ipaddress.ip_network(entry, strict=False)
        except ValueError:
            if entry.lower() == host.lower():
                return True
            continue
        if address.version == network.version and address in network:
            return True
    return False


def _resolve(host, port):
    """Return every address of ``host``, checked.

    :raises: InvalidParameterValue (HTTP 400) when the name does not
        resolve or one of its addresses is refused.
    """
    try:
        infos = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
        )
    except (OSError, UnicodeError) as e:
        raise _refused(_('cannot resolve %(host)s: %(err)s'), host=host, err=e)
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split('%', 1)[0])
        if address not in addresses:
            addresses.append(address)
    for address in addresses:
        reason = refusal(address)
        if reason and not _allowed(host, address):
            raise _refused(
                _(
                    '%(host)s is a %(reason)s address (%(address)s), which is '
                    'not allowed'
                ),
                host=host,
                reason=reason,
                address=address,
            )
    if not addresses:
        raise _refused(_('cannot resolve %(host)s'), host=host)
    return addresses


def _split(url):
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as e:
        raise _refused(_('invalid URL: %(err)s'), err=e)
    if parts.scheme not in SCHEMES:
        raise _refused(
            _('the scheme must be http or https, not %(scheme)r'),
            scheme=parts.scheme,
        )
    if not parts.hostname:
        raise _refused(_('the URL has no host'))
    if port is None:
        port = 443 if parts.scheme == 'https' else 80
    return parts, port


def _pool(parts, address, port, timeout):
    host = parts.hostname
    kwargs = {
        'port': port,
        'timeout': timeout,
        'retries': False,
        'maxsize': 1,
    }
    if parts.scheme == 'https':
        return urllib3.HTTPSConnectionPool(
            str(address),
            server_hostname=host,
            assert_hostname=host,
            cert_reqs='CERT_REQUIRED',
            **kwargs,
        )
    return urllib3.HTTPConnectionPool(str(address), **kwargs)


def _remaining(deadline, url):
    left = deadline - time.monotonic()
    if left <= 0:
        raise _refused(_('%(url)s timed out'), url=url)
    return left


def _read(response, url, deadline, limit):
    length = response.headers.get('Content-Length')
    if length and length.isdigit() and int(length) > limit:
        raise _refused(
            _('%(url)s is larger than %(limit)d bytes'), url=url, limit=limit
        )
    data = bytearray()
    while True:
        _remaining(deadline, url)
        chunk = response.read(_CHUNK)
        if not chunk:
            break
        data += chunk
        if len(data) > limit:
            raise _refused(
                _('%(url)s is larger than %(limit)d bytes'),
                url=url,
                limit=limit,
            )
    try:
        return bytes(data).decode('utf-8')
    except UnicodeDecodeError:
        raise _refused(_('%(url)s is not UTF-8 text'), url=url)


def _answer(url, response, deadline, limit):
    """Return ``(redirect target or None, text)`` of one answer."""
    if response.status in _REDIRECTS:
        location = response.headers.get('Location')
        if not location:
            raise _refused(_('%(url)s redirects nowhere'), url=url)
        return urllib.parse.urljoin(url, location), None
    if response.status != 200:
        raise _refused(
            _('%(url)s answered HTTP %(status)d'),
            url=url,
            status=response.status,
        )
    return None, _read(response, url, deadline, limit)


def _get(url, deadline, limit):
    """One GET of ``url``; returns ``(redirect target or None, text)``.

    The checked addresses of the host are tried in turn until one
    accepts the connection.
    """
    parts, port = _split(url)
    target = urllib.parse.urlunsplit(
        ('', '', parts.path or '/', parts.query, '')
    )
    headers = {
        'Host': parts.netloc.rsplit('@', 1)[-1],
        'Accept': 'application/json, application/yaml, text/plain, */*',
        'User-Agent': 'magnum-manifest-fetch',
    }
    for address in _resolve(parts.hostname, port):
        left = _remaining(deadline, url)
        pool = _pool(
            parts, address, port, urllib3.Timeout(connect=left, read=left)
        )
        try:
            response = pool.urlopen(
                'GET',
                target,
                headers=headers,
                redirect=False,
                preload_content=False,
                assert_same_host=False,
            )
            try:
                return _answer(url, response, deadline, limit)
            finally:
                response.release_conn()
        except urllib3.exceptions.NewConnectionError:
            continue
        except urllib3.exceptions.TimeoutError:
            raise _refused(_('%(url)s timed out'), url=url)
        except urllib3.exceptions.SSLError as e:
            raise _refused(
                _('TLS with %(url)s failed: %(err)s'), url=url, err=e
            )
        except (urllib3.exceptions.HTTPError, OSError) as e:
            raise _refused(
                _('%(url)s failed: %(err)s'), url=url, err=type(e).__name__
            )
        finally:
            pool.close()
    raise _refused(_('cannot connect to %(url)s'), url=url)


def fetch(url):
    """Return the text at ``url`` (a manifest).

    :raises: InvalidParameterValue (HTTP 400) for a refused URL or
        address, a failed, slow or oversized fetch, too many redirects or
        an answer other than 200.
    """
    if not isinstance(url, str) or not url.strip():
        raise _refused(_('the URL is empty'))
    deadline = time.monotonic() + CONF.manifest.fetch_timeout
    limit = CONF.manifest.max_manifest_size
    current = url.strip()
    for _hop in range(CONF.manifest.max_redirects + 1):
        following, text = _get(current, deadline, limit)
        if following is None:
            return text
        LOG.debug('manifest_url %s redirects to %s', current, following)
        current = following
    raise _refused(_('%(url)s redirects too often'), url=url)
