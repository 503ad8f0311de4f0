// HTTP settings that depend on the site: the reverse proxies whose X-Forwarded-For is believed.

import { SettingValueError, type Setting } from '#core/config';
import { parseNetworkRange, type NetworkRange } from '#core/network-range';

const HINT = {
  fr: 'une liste de réseaux (CIDR) séparés par des virgules, comme 10.0.0.0/8, 2001:db8::/32',
  en: 'a comma-separated list of networks (CIDR), such as 10.0.0.0/8, 2001:db8::/32',
};

function rangeListSetting(
  spec: Pick<Setting<readonly NetworkRange[]>, 'key' | 'why'>,
): Setting<readonly NetworkRange[]> {
  return {
    ...spec,
    default: [],
    parse(raw) {
      const parts = raw
        .split(',')
        .map((part) => part.trim())
        .filter((part) => part !== '');
      const ranges = parts.map((part) => parseNetworkRange(part));
      if (ranges.some((range) => range === undefined))
        throw new SettingValueError('mustBe', {}, { hint: HINT });
      return ranges.filter((range) => range !== undefined);
    },
    show: (value) => value.map((range) => range.cidr).join(', '),
  };
}

export const HTTP_SETTINGS = {
  trustedProxies: rangeListSetting({
    key: 'http.trusted-proxies',
    why: {
      fr: 'Les mandataires inverses (reverse proxies) devant Vercors : l’adresse du client est lue dans X-Forwarded-For seulement quand la requête vient d’eux ; vide : l’adresse de la connexion.',
      en: 'The reverse proxies in front of Vercors: the client address is read from X-Forwarded-For only when the request comes from one of them; empty: the connection’s address.',
    },
  }),
} as const;
