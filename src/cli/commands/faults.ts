import { listFaults } from '../../reference/index.ts';
import { SERVED_API_NAMES, type ServedApiName } from '../../reference/apis.ts';
import { oneOf } from '../parse-options.ts';
import type { RegisterCommand } from './command.ts';

/** `conform faults [api]`: the catalogue of defects the reference servers can switch on. */
export const registerFaults: RegisterCommand = (program, output) => {
  program
    .command('faults')
    .description('list the faults the reference servers can switch on, and the check or suite that must catch each')
    .argument('[api]', `only this API: ${SERVED_API_NAMES.join(', ')}`, oneOf(SERVED_API_NAMES))
    .option('--json', 'print a JSON array')
    .action((api: ServedApiName | undefined, options: { json?: boolean }) => {
      const faults = listFaults(api);
      if (options.json) {
        output.out(JSON.stringify(faults, null, 2));
        return;
      }
      const idWidth = Math.max(...faults.map((fault) => fault.id.length), 2);
      for (const fault of faults) {
        output.out(`${fault.api.padEnd(6)} ${fault.id.padEnd(idWidth)}  ${fault.description} (caught by ${fault.caughtBy}${fault.alsoCaughtBy ? `; also by ${fault.alsoCaughtBy.join(', ')}` : ''})`);
      }
      output.out(`${faults.length} faults`);
    });
};
