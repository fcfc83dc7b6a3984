export { COMMANDS, GLOBAL_FLAGS } from './options.js';
export type { CommandDef, FlagDef, ParsedArgs } from './types.js';
