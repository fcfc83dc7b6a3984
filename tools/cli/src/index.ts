export { main } from './main.js';
export { COMMANDS, GLOBAL_FLAGS } from './options.js';
export type { CliIo, CommandDef, FlagDef, ParsedArgs } from './types.js';
