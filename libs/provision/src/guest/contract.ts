/** The guest's mount point for the share; fio's --directory. */
export const GUEST_MOUNT = '/mnt/share';

/** Name of the virtio-serial port the guest init talks to the host on. */
export const CHANNEL_PORT_NAME = 'sharebench.0';
