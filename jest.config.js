/** Two environments: node for the service, bot and domain; jsdom for the mini-program. */
const transform = {
  '^.+\\.(t|j)sx?$': [
    '@swc/jest',
    {
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        target: 'es2022',
      },
      module: { type: 'commonjs' },
    },
  ],
};

module.exports = {
  // A guard against a hang, not a speed check (benchmarks measure speed): on a loaded CI box a
  // fresh MariaDB database or a simulated mini-program page can take longer than jest's 5 s.
  testTimeout: 20_000,
  projects: [
    {
      displayName: 'node',
      testEnvironment: 'node',
      transform,
      // jose ships ES modules only; Jest on Node 20 cannot require them untransformed.
      transformIgnorePatterns: ['/node_modules/(?!jose/)'],
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['<rootDir>/test/miniprogram/'],
      globalSetup: '<rootDir>/test/support/globalSetup.ts',
      globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
    },
    {
      displayName: 'miniprogram',
      testEnvironment: 'jsdom',
      transform,
      testMatch: ['<rootDir>/test/miniprogram/**/*.test.ts'],
    },
  ],
};
