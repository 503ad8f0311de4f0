// Public surface of demo seeding: the fictional académie `vercors serve --demo` creates on its first run.
// Later work extends the seed (mail, events, distribution lists) from seed-demo.ts.

export { DEMO_LOGINS_FILE, type DemoLogin } from './demo-logins-file.ts';
export { DEMO_DOMAIN, seedDemoOnce, type DemoSeedResult } from './seed-demo.ts';
