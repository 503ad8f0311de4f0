import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exportFileName, isVcardFile, rejectionReason } from './import-report.ts';

test('refusal reasons the catalogue words are kept; any other reads as other', () => {
  assert.equal(rejectionReason('unsupportedVersion'), 'unsupportedVersion');
  assert.equal(rejectionReason('duplicateUid'), 'duplicateUid');
  assert.equal(rejectionReason('somethingNew'), 'other');
});

test('vCard files are known by their name or their type', () => {
  assert.equal(isVcardFile({ name: 'Contacts.VCF', type: '' }), true);
  assert.equal(isVcardFile({ name: 'export', type: 'text/x-vcard' }), true);
  assert.equal(isVcardFile({ name: 'photo.png', type: 'image/png' }), false);
});

test('an exported book is named after it, without characters file systems refuse', () => {
  assert.equal(exportFileName('Contacts'), 'Contacts.vcf');
  assert.equal(exportFileName('Parents 6e/B : "liste"'), 'Parents 6e B liste.vcf');
  assert.equal(exportFileName(' / '), 'contacts.vcf');
});
