# Boot script of a Kubernetes master (after common.sh): etcd and the
# control plane in podman containers, the CNI add-on, then the signal.
PUBLIC=${KUBE_API_PUBLIC_ADDRESS:-${NODE_PUBLIC_IP:-$NODE_IP}}
PRIVATE=${KUBE_API_PRIVATE_ADDRESS:-$NODE_IP}
NET=${PORTAL_NETWORK_CIDR%/*}
SERVICE_IP=${NET%.*}.$((${NET##*.} + 1))
RUN="/usr/bin/podman run --network host -v /etc/kubernetes:/etc/kubernetes:ro,z"

# The bay's CA and the certificates it signs (again on a CA rotation).
certificates() {
    fetch_ca
    sign_cert server kube-apiserver "" "IP:$PUBLIC,IP:$PRIVATE,IP:$NODE_IP,\
IP:$SERVICE_IP,IP:127.0.0.1,DNS:kubernetes,DNS:kubernetes.default,\
DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
    sign_cert admin admin system:masters ""
    sign_cert controller-manager system:kube-controller-manager "" ""
    sign_cert scheduler system:kube-scheduler "" ""
}
if [ -n "${MAGNUM_ROTATING_CA:-}" ]; then
    certificates
    systemctl restart kube-apiserver kube-controller-manager kube-scheduler
    return 0
fi

docker_volume
certificates
[ -e "$CERTS/service-account.key" ] ||
    openssl genrsa -out "$CERTS/service-account.key" 2048
kubeconfig admin https://127.0.0.1:6443
kubeconfig controller-manager https://127.0.0.1:6443
kubeconfig scheduler https://127.0.0.1:6443

if [ -n "$DISCOVERY_URL" ]; then
    MEMBERS="--discovery=$DISCOVERY_URL"
else
    MEMBERS="--initial-cluster=$NODE_NAME=http://$NODE_IP:2380"
fi
mkdir -p /var/lib/etcd
service etcd "$RUN --name etcd -v /var/lib/etcd:/var/lib/etcd:z \
${CONTAINER_INFRA_PREFIX:-quay.io/coreos/}etcd:$ETCD_TAG etcd \
--name=$NODE_NAME --data-dir=/var/lib/etcd $MEMBERS \
--listen-client-urls=http://127.0.0.1:2379,http://$NODE_IP:2379 \
--advertise-client-urls=http://$NODE_IP:2379 \
--listen-peer-urls=http://$NODE_IP:2380 \
--initial-advertise-peer-urls=http://$NODE_IP:2380"

service kube-apiserver "$RUN --name kube-apiserver \
$(image kube-apiserver:"$KUBE_TAG") kube-apiserver \
--advertise-address=$NODE_IP --secure-port=6443 \
--etcd-servers=http://127.0.0.1:2379 --allow-privileged=true \
--tls-cert-file=$CERTS/server.crt --tls-private-key-file=$CERTS/server.key \
--client-ca-file=$CERTS/ca.crt --authorization-mode=Node,RBAC \
--kubelet-client-certificate=$CERTS/admin.crt \
--kubelet-client-key=$CERTS/admin.key \
--service-cluster-ip-range=$PORTAL_NETWORK_CIDR \
--service-account-issuer=https://kubernetes.default.svc \
--service-account-key-file=$CERTS/service-account.key \
--service-account-signing-key-file=$CERTS/service-account.key \
$KUBEAPI_OPTIONS"

service kube-controller-manager "$RUN --name kube-controller-manager \
$(image kube-controller-manager:"$KUBE_TAG") kube-controller-manager \
--kubeconfig=/etc/kubernetes/controller-manager.kubeconfig \
--allocate-node-cidrs=true --cluster-cidr=$PODS_NETWORK_CIDR \
--service-cluster-ip-range=$PORTAL_NETWORK_CIDR \
--root-ca-file=$CERTS/ca.crt --use-service-account-credentials=true \
--service-account-private-key-file=$CERTS/service-account.key \
$KUBECONTROLLER_OPTIONS"

service kube-scheduler "$RUN --name kube-scheduler \
$(image kube-scheduler:"$KUBE_TAG") kube-scheduler \
--kubeconfig=/etc/kubernetes/scheduler.kubeconfig $KUBESCHEDULER_OPTIONS"

wait_for https://127.0.0.1:6443/healthz
binary kubectl
KUBECTL="kubectl --kubeconfig=/etc/kubernetes/admin.kubeconfig"
if [ "$NODE_INDEX" = 0 ]; then
    case "$NETWORK_DRIVER" in
    flannel)
        curl -fsSL --retry 10 "https://github.com/flannel-io/flannel/\
releases/download/$FLANNEL_TAG/kube-flannel.yml" |
            sed -e "s#10.244.0.0/16#$PODS_NETWORK_CIDR#" \
                -e "s#\"Type\": \"vxlan\"#\"Type\": \"$FLANNEL_BACKEND\"#" |
            $KUBECTL apply -f - ;;
    calico)
        curl -fsSL --retry 10 "https://raw.githubusercontent.com/\
projectcalico/calico/$CALICO_TAG/manifests/calico.yaml" |
            sed -e "s@# - name: CALICO_IPV4POOL_CIDR@- name: CALICO_IPV4POOL_CIDR@" \
                -e "s@#   value: \"192.168.0.0/16\"@  value: \"$PODS_NETWORK_CIDR\"@" |
            $KUBECTL apply -f - ;;
    esac
fi
# Without TLS, clients get the API in plain HTTP on 8080.
if [ "$TLS_DISABLED" = true ]; then
    service kube-api-http "/usr/local/bin/$KUBECTL proxy \
--address=0.0.0.0 --port=8080 --accept-hosts=.*"
fi
done_booting "Kubernetes API of $NODE_NAME is up on $PUBLIC"
