# Boot script of a Kubernetes minion (after common.sh): containerd with
# CRI, kubelet and kube-proxy joining the bay's API, then the signal.
NET=${PORTAL_NETWORK_CIDR%/*}
DNS_IP=${NET%.*}.$((${NET##*.} + 10))
SERVER=https://$KUBE_API_PRIVATE_ADDRESS:6443
CNI_VERSION=v1.5.1

# The bay's CA and the certificates it signs (again on a CA rotation).
certificates() {
    fetch_ca
    sign_cert kubelet "system:node:$NODE_NAME" system:nodes \
        "IP:$NODE_IP,DNS:$NODE_NAME"
    sign_cert kube-proxy system:kube-proxy "" ""
}
if [ -n "${MAGNUM_ROTATING_CA:-}" ]; then
    certificates
    systemctl restart kubelet kube-proxy
    return 0
fi

docker_volume
certificates
kubeconfig kubelet "$SERVER"
kubeconfig kube-proxy "$SERVER"

mkdir -p /etc/containerd /opt/cni/bin /etc/cni/net.d
containerd config default |
    sed 's/SystemdCgroup = false/SystemdCgroup = true/' \
    > /etc/containerd/config.toml
systemctl restart containerd
curl -fsSL --retry 10 "https://github.com/containernetworking/plugins/\
releases/download/$CNI_VERSION/cni-plugins-linux-amd64-$CNI_VERSION.tgz" |
    tar -xz -C /opt/cni/bin

cat > /etc/kubernetes/kubelet.yaml <<KUBELET
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $CERTS/ca.crt}
authorization: {mode: Webhook}
cgroupDriver: $CGROUP_DRIVER
clusterDNS: [$DNS_IP]
clusterDomain: cluster.local
containerRuntimeEndpoint: unix:///run/containerd/containerd.sock
tlsCertFile: $CERTS/kubelet.crt
tlsPrivateKeyFile: $CERTS/kubelet.key
KUBELET

binary kubelet
binary kube-proxy
service kubelet "/usr/local/bin/kubelet --config=/etc/kubernetes/kubelet.yaml \
--kubeconfig=/etc/kubernetes/kubelet.kubeconfig \
--hostname-override=$NODE_NAME --node-ip=$NODE_IP $KUBELET_OPTIONS"
service kube-proxy "/usr/local/bin/kube-proxy \
--kubeconfig=/etc/kubernetes/kube-proxy.kubeconfig \
--hostname-override=$NODE_NAME --cluster-cidr=$PODS_NETWORK_CIDR \
$KUBEPROXY_OPTIONS"
wait_for http://127.0.0.1:10248/healthz
done_booting "kubelet of $NODE_NAME runs against $SERVER"
