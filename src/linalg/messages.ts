/** Every text the linear-algebra backend shows a user, as functions, so tests compare with these and not with copies. */

export const linalgMessages = {
  koffiMissing: (detail: string): string => `the koffi package did not load (${detail}); the JavaScript kernels run.`,
  forcedJs: (): string => 'GRADFLOW_BLAS=js: the JavaScript kernels run.',
  forcedFailed: (name: string, failures: readonly string[]): string =>
    `GRADFLOW_BLAS=${name} did not load (${failures.join('; ')}); the JavaScript kernels run. Give a library path, a soname the dynamic loader finds, or js.`,
  noneLoaded: (failures: readonly string[]): string =>
    `no CBLAS + LAPACK library loaded (tried ${failures.map((f) => f.split(':')[0]!).join(', ')}); the JavaScript kernels run. ` +
    'On Debian or Ubuntu: apt-get install libopenblas0; or set GRADFLOW_BLAS to a library path.',
  selfTest: (routine: string, got: readonly number[], want: readonly number[]): string =>
    `its ${routine} failed a self-test (got ${got.join(', ')}, expected ${want.join(', ')})`,
  badThreads: (value: string): string => `GRADFLOW_BLAS_THREADS=${value}: expected a whole number ≥ 1.`,
};
