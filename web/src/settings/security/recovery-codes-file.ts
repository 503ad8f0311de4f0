// The recovery codes as a text file to download or print: who they are for, when they were made, how to use
// them, then the numbered codes. The words come from the catalogue; this only lays them out.

export interface RecoveryCodesSheet {
  readonly title: string;
  /** "Account: claire.martin@…" */
  readonly account: string;
  /** "Made on 12 Nov 2026, 14:05" */
  readonly created: string;
  /** How and when to use a code, one line. */
  readonly advice: string;
  readonly codes: readonly string[];
}

/** The sheet as plain text, CRLF line ends so that every editor (Windows' Notepad too) shows its lines. */
export function recoveryCodesText(sheet: RecoveryCodesSheet): string {
  const width = String(sheet.codes.length).length;
  const lines = [
    sheet.title,
    '',
    sheet.account,
    sheet.created,
    '',
    sheet.advice,
    '',
    ...sheet.codes.map((code, index) => `${String(index + 1).padStart(width, ' ')}. ${code}`),
    '',
  ];
  return lines.join('\r\n');
}
