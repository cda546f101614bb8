"""What the Heat drivers provide, as plain data.

The API reads these through the ``magnum.driver_provides`` entry points to
validate cluster templates without importing any driver; the driver classes
use the same constants.
"""

K8S_VM = ({'server_type': 'vm', 'os': 'fedora-coreos', 'coe': 'kubernetes'},)
K8S_BM = ({'server_type': 'bm', 'os': 'fedora-coreos', 'coe': 'kubernetes'},)
