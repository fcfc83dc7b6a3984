/** The image's init is an input; the tests' own only powers the guest off (the environments' init is provision's). */
export const TEST_INIT = '#!/bin/sh\nexec /bin/busybox poweroff -f\n';
