import SwaggerParser from '@apidevtools/swagger-parser';
import fs from 'node:fs';
const dir='../shared/corpus/wfd/';
const files = process.argv.slice(2);
for (const f of files) {
  const doc = JSON.parse(fs.readFileSync(dir+f,'utf8'));
  try { await SwaggerParser.validate(structuredClone(doc), {validate:{spec:false}}); console.log('OK', f); }
  catch(e){ console.log('FAIL', f, e.message.split('\n')[0]); for (const d of (e.details||[]).slice(0,40)) console.log('   ', d.instancePath, d.keyword, d.message, JSON.stringify(d.params)); console.log('   total', (e.details||[]).length) }
}
