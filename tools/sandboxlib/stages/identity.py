"""Stage ``identity``: projects, users, roles, domains and the service catalog.

Idempotent: every object is looked up first and only created (or, for an
endpoint URL, corrected) when needed, so a run on a complete cloud makes only
GETs and a few PUTs (~0.5 s). Passwords are set on creation only, so running
services keep their tokens.
"""

import collections

from .. import rest
from .. import settings

DEFAULT_DOMAIN = 'default'


class _Identity:
    def __init__(self, api):
        self.api = api
        self.created = []

    def ensure(self, collection, key, body, **filters):
        found = self.api.find_one(f'/{collection}', collection, **filters)
        if found is None:
            found = self.api.post(f'/{collection}', {key: body})[key]
            self.created.append(f'{key} {body.get("name", "")}'.strip())
        return found['id']

    def domain(self, name):
        return self.ensure(
            'domains', 'domain', {'name': name, 'enabled': True}, name=name
        )

    def project(self, name, domain_id=DEFAULT_DOMAIN):
        return self.ensure(
            'projects',
            'project',
            {'name': name, 'domain_id': domain_id, 'enabled': True},
            name=name,
            domain_id=domain_id,
        )

    def role(self, name):
        return self.ensure('roles', 'role', {'name': name}, name=name)

    def user(self, user, domain_id, project_id=None):
        body = {
            'name': user.name,
            'password': user.password,
            'domain_id': domain_id,
            'enabled': True,
        }
        if project_id:
            body['default_project_id'] = project_id
        return self.ensure(
            'users', 'user', body, name=user.name, domain_id=domain_id
        )

    def grant(self, target, target_id, user_id, role_id):
        self.api.put(f'/{target}s/{target_id}/users/{user_id}/roles/{role_id}')

    def catalog(self):
        services = self.api.get('/services')['services']
        endpoints = self.api.get('/endpoints')['endpoints']
        for service_type, (name, url) in settings.CATALOG.items():
            service = next(
                (s for s in services if s['type'] == service_type), None
            )
            if service is None:
                service = self.api.post(
                    '/services',
                    {
                        'service': {
                            'type': service_type,
                            'name': name,
                            'enabled': True,
                        }
                    },
                )['service']
                self.created.append(f'service {service_type}')
            for interface in settings.INTERFACES:
                current = [
                    e
                    for e in endpoints
                    if e['service_id'] == service['id']
                    and e['interface'] == interface
                    and e.get('region_id') == settings.REGION
                ]
                if not current:
                    self.api.post(
                        '/endpoints',
                        {
                            'endpoint': {
                                'service_id': service['id'],
                                'interface': interface,
                                'url': url,
                                'region_id': settings.REGION,
                                'enabled': True,
                            }
                        },
                    )
                    self.created.append(f'endpoint {service_type}/{interface}')
                elif current[0]['url'] != url:
                    self.api.patch(
                        f'/endpoints/{current[0]["id"]}',
                        {'endpoint': {'url': url}},
                    )
                    self.created.append(
                        f'endpoint {service_type}/{interface} (URL fixed)'
                    )


def run(ctx):
    """Create whatever identity objects and catalog entries are missing."""
    ident = _Identity(rest.Api(rest.session(settings.ADMIN), 'identity'))
    roles = {
        name: ident.role(name)
        for name in (
            'admin',
            'member',
            'reader',
            'service',
            *settings.EXTRA_ROLES,
        )
    }
    domains = {
        'default': DEFAULT_DOMAIN,
        settings.HEAT_DOMAIN: ident.domain(settings.HEAT_DOMAIN),
        settings.TRUSTEE_DOMAIN: ident.domain(settings.TRUSTEE_DOMAIN),
    }
    projects = {
        name: ident.project(name) for name in ('admin', *settings.PROJECTS)
    }
    users = {settings.ADMIN.name: ident.user(settings.ADMIN, DEFAULT_DOMAIN)}
    for user in settings.CREATED_USERS:
        domain_id = (
            domains['default']
            if user.domain == 'Default'
            else domains[user.domain]
        )
        users[user.name] = ident.user(
            user, domain_id, projects.get(user.project)
        )
        for role, target, name in user.grants:
            target_id = (
                projects[name] if target == 'project' else domains[name]
            )
            ident.grant(target, target_id, users[user.name], roles[role])
    ident.catalog()
    if ident.created:
        kinds = collections.Counter(item.split()[0] for item in ident.created)
        summary = ', '.join(f'{n} {kind}' for kind, n in kinds.items())
        ctx.log('identity', f'created {summary}')
    ctx.publish('projects', projects)
    ctx.publish('users', users)
    ctx.publish('domains', domains)
