// One card of a Security list (an app password, a second factor, a web session): its name in bold, a line for
// each detail under it (kind, dates, address), and its buttons beside it.

import type { ReactNode } from 'react';

export interface SecurityListItemProps {
  readonly title: ReactNode;
  /** In the order shown; each a line of its own. */
  readonly details: readonly string[];
  /** This browser's own session, outlined. */
  readonly isCurrent?: boolean;
  /** The buttons; none for an item nothing can be done to. */
  readonly actions?: ReactNode;
}

export function SecurityListItem({ title, details, isCurrent = false, actions }: SecurityListItemProps) {
  return (
    <li className={isCurrent ? 'security-item current' : 'security-item'}>
      <div className="security-item-text">
        <strong>{title}</strong>
        {/* An item's lines are fixed in number and order: their place is their identity. */}
        {details.map((detail, index) => (
          <span key={index}>{detail}</span>
        ))}
      </div>
      {actions !== undefined && <div className="security-actions">{actions}</div>}
    </li>
  );
}
