import { DatabaseSync } from 'node:sqlite';
import { rmSync } from 'node:fs';
import { frenchMailCorpus } from './src/store/conformance/search-corpus.ts';
import { prepareDocument } from './src/store/search/prepare-document.ts';
import { SEARCH_COLUMNS } from './src/store/search/search-columns.ts';

const N = Number(process.env.N ?? 3000);
const docs = [...frenchMailCorpus(N)].map(prepareDocument);
const cols = SEARCH_COLUMNS.join(', ');
const qs = SEARCH_COLUMNS.map(() => '?').join(', ');
let avgLen = 0; for (const d of docs) avgLen += d.body.text.length; console.log('avg body chars', Math.round(avgLen / N));
for (const variant of (process.env.V ?? 'full,column,wordsonly,subonly-full,subonly-column').split(',')) {
  const file = `/tmp/micro/fts-${variant}.db`;
  rmSync(file, { force: true }); rmSync(file + '-wal', { force: true }); rmSync(file + '-shm', { force: true });
  const db = new DatabaseSync(file);
  db.exec('pragma journal_mode=wal; pragma synchronous=normal');
  const detail = variant.endsWith('column') ? 'column' : 'full';
  const words = variant !== 'subonly-full' && variant !== 'subonly-column';
  const subs = variant !== 'wordsonly';
  db.exec(`create virtual table w using fts5(${cols}, tokenize='unicode61 remove_diacritics 2', prefix='2 3', content='', contentless_delete=1)`);
  db.exec(`create virtual table s using fts5(${cols}, tokenize='trigram remove_diacritics 1', detail=${detail})`);
  const iw = db.prepare(`insert into w (rowid, ${cols}) values (?, ${qs})`);
  const is = db.prepare(`insert into s (rowid, ${cols}) values (?, ${qs})`);
  const t0 = process.cpuUsage();
  const w0 = performance.now();
  for (let i = 0; i < N; i += 10) {
    db.exec('begin');
    for (let j = i; j < Math.min(N, i + 10); j++) {
      const d = docs[j]!;
      if (words) iw.run(j + 1, ...SEARCH_COLUMNS.map((c) => d[c].words));
      if (subs) is.run(j + 1, ...SEARCH_COLUMNS.map((c) => d[c].text));
    }
    db.exec('commit');
  }
  const cpu = process.cpuUsage(t0);
  const wall = performance.now() - w0;
  const size = (db.prepare('select page_count*page_size as s from pragma_page_count, pragma_page_size').get() as {s:number}).s;
  let q = '';
  if (subs) {
    const time = (sqlText: string, arg: string) => { const st = db.prepare(sqlText); const a = performance.now(); let n = 0; for (let k = 0; k < 20; k++) n = st.all(arg).length; return `${n}hits ${((performance.now() - a) / 20).toFixed(2)}ms`; };
    if (detail === 'full') q = `match conseil ${time('select rowid from s where s match ?', '"conseil"')} match xylo ${time('select rowid from s where s match ?', '"pedagogique"')}`;
    q += ` like conseil ${time("select rowid from s where body like ?", '%conseil%')} like ped ${time("select rowid from s where body like ?", '%pedagogique%')}`;
  }
  console.log(variant, `cpu ${((cpu.user + cpu.system) / 1000 / N).toFixed(3)} ms/doc wall ${(wall / N).toFixed(3)} size ${(size / 1e6).toFixed(1)}MB`, q);
  db.close();
}
