// Node's on-disk compile cache for every process of ours (CLI, serve primary, workers): V8's compiled code
// and, on Node 24, the JavaScript that type stripping made of each .ts file. A warm start then neither strips
// types again nor loads the stripping (amaro) module: about 20 MB less per process and a faster start. The
// cache lives in NODE_COMPILE_CACHE if set, else in the system's temporary folder; a stale or unwritable
// cache is ignored by Node, never an error.

import { enableCompileCache } from 'node:module';

enableCompileCache();
