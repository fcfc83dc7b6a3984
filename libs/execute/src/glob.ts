/** A name glob (`*` any run of characters, `?` one) as an anchored RegExp: campaign exclusions and `run --jobs` match env and job names with it. */
export function globToRegExp(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}
