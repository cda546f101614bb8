# Shared part of the boot scripts of a magnum Kubernetes node (Fedora
# CoreOS). Sourced before the role's script; the node contract is in the
# driver's README.rst.
set -euo pipefail
# shellcheck source=/dev/null
. /etc/sysconfig/heat-params
export HTTP_PROXY HTTPS_PROXY NO_PROXY
CERTS=/etc/kubernetes/certs
API_VERSION='OpenStack-API-Version: container-infra latest'
mkdir -p "$CERTS" /var/lib/magnum

log() { echo "magnum-node-boot: $*" >&2; }

# curl for OpenStack endpoints (VERIFY_CA=false accepts any certificate).
os_curl() {
    local verify=()
    [ "$VERIFY_CA" = true ] || verify=(--insecure)
    curl -fsS --retry 10 --retry-delay 3 --retry-connrefused "${verify[@]}" "$@"
}

# Report to Heat through the wait condition handle of this node.
signal() {
    jq -nc --arg s "$1" --arg r "$2" --arg id "$NODE_NAME" \
        '{status: $s, reason: $r, data: $r, id: $id}' |
        os_curl -o /dev/null -X POST -H "X-Auth-Token: $WAIT_TOKEN" \
            -H 'Content-Type: application/json' --data-binary @- \
            "$WAIT_ENDPOINT"
}
if [ -z "${MAGNUM_ROTATING_CA:-}" ]; then
    trap 'signal FAILURE "boot of $NODE_NAME failed at line $LINENO"' ERR
fi

# A token of the bay's trustee, scoped to its trust.
trust_token() {
    jq -nc --arg u "$TRUSTEE_USER_ID" --arg p "$TRUSTEE_PASSWORD" \
        --arg t "$TRUST_ID" '{auth: {identity: {methods: ["password"],
            password: {user: {id: $u, password: $p}}},
            scope: {"OS-TRUST:trust": {id: $t}}}}' |
        os_curl -D - -o /dev/null -H 'Content-Type: application/json' \
            --data-binary @- "$AUTH_URL/auth/tokens" |
        awk 'tolower($1) == "x-subject-token:" {print $2}' | tr -d '\r'
}
TOKEN=$(trust_token)

magnum() {
    os_curl -H "X-Auth-Token: $TOKEN" -H "$API_VERSION" \
        -H 'Content-Type: application/json' "$@"
}

fetch_ca() {
    magnum "$MAGNUM_URL/certificates/$CLUSTER_UUID" | jq -r .pem \
        > "$CERTS/ca.crt"
}

# sign_cert NAME CN ORG SANS: a key and a certificate signed by the bay's
# CA through magnum, as $CERTS/NAME.key and $CERTS/NAME.crt.
sign_cert() {
    local conf="$CERTS/$1.cnf"
    {
        printf '[req]\nprompt = no\ndistinguished_name = dn\n'
        printf 'req_extensions = ext\n[dn]\nCN = %s\n' "$2"
        [ -z "$3" ] || printf 'O = %s\n' "$3"
        printf '[ext]\nkeyUsage = critical, digitalSignature, '
        printf 'keyEncipherment\nextendedKeyUsage = serverAuth, clientAuth\n'
        [ -z "$4" ] || printf 'subjectAltName = %s\n' "$4"
    } > "$conf"
    openssl genrsa -out "$CERTS/$1.key" 2048
    chmod 600 "$CERTS/$1.key"
    openssl req -new -key "$CERTS/$1.key" -config "$conf" -out "$CERTS/$1.csr"
    jq -nc --arg c "$CLUSTER_UUID" --rawfile csr "$CERTS/$1.csr" \
        '{cluster_uuid: $c, csr: $csr}' |
        magnum -X POST --data-binary @- "$MAGNUM_URL/certificates" |
        jq -r .pem > "$CERTS/$1.crt"
}

# kubeconfig NAME SERVER: a kubeconfig for the NAME certificate.
kubeconfig() {
    cat > "/etc/kubernetes/$1.kubeconfig" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
- name: bay
  cluster: {server: "$2", certificate-authority: $CERTS/ca.crt}
users:
- name: $1
  user: {client-certificate: $CERTS/$1.crt, client-key: $CERTS/$1.key}
contexts:
- name: $1
  context: {cluster: bay, user: $1}
current-context: $1
KUBECONFIG
}

# Containers live on the bay's Cinder volume when it has one.
docker_volume() {
    [ -n "$DOCKER_VOLUME" ] || return 0
    local device="/dev/disk/by-id/virtio-${DOCKER_VOLUME:0:20}" i
    for i in $(seq 120); do
        [ -e "$device" ] && break
        log "waiting for volume $DOCKER_VOLUME ($i)"
        sleep 5
    done
    blkid "$device" >/dev/null || mkfs.xfs "$device"
    mkdir -p /var/lib/containers
    echo "$device /var/lib/containers xfs defaults 0 2" >> /etc/fstab
    mount /var/lib/containers
}

image() { echo "${CONTAINER_INFRA_PREFIX:-registry.k8s.io/}$1"; }

# binary NAME: a Kubernetes binary of KUBE_TAG in /usr/local/bin.
binary() {
    [ -x "/usr/local/bin/$1" ] && return 0
    curl -fsSL --retry 10 -o "/usr/local/bin/$1" \
        "https://dl.k8s.io/$KUBE_TAG/bin/linux/amd64/$1"
    chmod 755 "/usr/local/bin/$1"
}

# service NAME COMMAND...: run COMMAND as the systemd service NAME.
service() {
    local name=$1
    shift
    cat > "/etc/systemd/system/$name.service" <<UNIT
[Unit]
Description=$name of a magnum bay
After=network-online.target
[Service]
Environment=HTTP_PROXY=$HTTP_PROXY HTTPS_PROXY=$HTTPS_PROXY NO_PROXY=$NO_PROXY
ExecStartPre=-/usr/bin/podman rm -f $name
ExecStart=$*
Restart=always
RestartSec=5
[Install]
WantedBy=multi-user.target
UNIT
    systemctl daemon-reload
    systemctl enable --now "$name.service"
}

# wait_for URL: until URL answers (ten minutes at most).
wait_for() {
    local i
    for i in $(seq 300); do
        curl -fsk --max-time 5 "$@" >/dev/null 2>&1 && return 0
        log "waiting for $* ($i)"
        sleep 2
    done
    return 1
}

# The bay's last CA rotation, from this server's metadata (see
# rotate-ca.sh); empty when the metadata service does not answer.
ca_rotation_id() {
    curl -fsS --max-time 10 \
        http://169.254.169.254/openstack/latest/meta_data.json |
        jq -r '.meta.magnum_ca_rotation_id // ""' || true
}

done_booting() {
    ca_rotation_id > /var/lib/magnum/ca_rotation_id
    touch /var/lib/magnum/booted
    signal SUCCESS "$1"
}
