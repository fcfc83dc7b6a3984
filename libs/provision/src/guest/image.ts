import * as image from '@sharebench/guest-image';
import type { GuestImage, GuestImageOptions } from '@sharebench/guest-image';
import { initScript } from './init-script.js';

/** What an environment asks of the guest image; the init script is always this lib's own. */
export type ImageRequest = Omit<GuestImageOptions, 'init'>;

const withInit = (request: ImageRequest): GuestImageOptions => ({ ...request, init: initScript() });

/** The guest image for this host, with the init that speaks the environments' protocol: cached or built. */
export const ensureGuestImage = (request: ImageRequest): Promise<GuestImage> => image.ensureGuestImage(withInit(request));

/** The cached guest image, or null when it has not been built. */
export const builtGuestImage = (request: ImageRequest): Promise<GuestImage | null> => image.builtGuestImage(withInit(request));

/** Where the guest image lives in the cache and whether it is built (for doctor). */
export const guestImageStatus = (request: ImageRequest) => image.guestImageStatus(withInit(request));
