// The version /health reports and the logs carry: the server workspace's package version.

import serverPackage from '../../package.json' with { type: 'json' };

export const SERVER_VERSION: string = serverPackage.version;
