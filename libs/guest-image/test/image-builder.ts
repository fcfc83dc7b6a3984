// A separate builder process for the image cache tests: builds (or finds) the guest image in the
// cache directory given as argument and prints its key.
import { ensureGuestImage } from '../src/guest-image.js';
import { TEST_INIT } from './test-init.js';

void ensureGuestImage({ cacheDir: process.argv[2]!, init: TEST_INIT }).then((image) => console.log(`KEY ${image.key}`));
