// Where the web app's build is (ADR 0008): web/dist/ of this repository, made by `npm run build -w web`
// (`npm start` runs it first).

import { fileURLToPath } from 'node:url';

export const WEB_APP_FOLDER = fileURLToPath(new URL('../../../web/dist/', import.meta.url));
