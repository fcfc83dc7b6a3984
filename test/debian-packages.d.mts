/** See debian-packages.mjs: the tests' Debian packages, [package, what for], one line each. */
export declare const TEST_PACKAGES: ReadonlyArray<readonly [name: string, why: string]>;
export declare function missingPackages(list?: ReadonlyArray<readonly [string, string]>): Array<readonly [string, string]>;
export declare function withoutCandidate(names: readonly string[]): string[];
