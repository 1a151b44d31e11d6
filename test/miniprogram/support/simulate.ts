import { join, resolve } from 'node:path';
import { createFakeWx, FakeWx, installWx } from './fakeWx';
import { FakeServer } from './fakeServer';

export const MP_ROOT = resolve(__dirname, '..', '..', '..', 'miniprogram');

/**
 * The parts of a j-component node the tests use. Typed here because miniprogram-simulate's own
 * typings pull in the wx globals, and the root tsconfig has no DOM lib.
 */
export interface Node {
  dom?: { textContent: string | null; innerHTML: string };
  data: Record<string, any>;
  instance: Record<string, any>;
  querySelector(selector: string): Node | undefined;
  querySelectorAll(selector: string): Node[];
  dispatchEvent(name: string, options?: { detail?: unknown }): void;
}

interface RootNode extends Node {
  attach(parent: unknown): void;
  detach(): void;
}

interface Simulate {
  load(componentPath: string, options: { rootPath: string }): string;
  render(id: string): RootNode;
}

/**
 * miniprogram-simulate loads custom components, not pages: this shim registers a Page as a
 * Component whose methods are the page's functions and whose other fields (flow: null…) are
 * copied onto each instance, as WeChat does for pages.
 */
function installPageShim(): void {
  const g = globalThis as unknown as { Page: unknown; Component: (definition: object) => void };
  g.Page = (options: Record<string, unknown>) => {
    const methods: Record<string, unknown> = {};
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(options)) {
      if (key === 'data') continue;
      if (typeof value === 'function') methods[key] = value;
      else fields[key] = value;
    }
    g.Component({
      data: options.data,
      methods,
      lifetimes: {
        created(this: object) {
          // Fields are primitives or null (flow: null, mode: 'self'), so a shallow copy is a fresh one.
          Object.assign(this, fields);
        },
      },
    });
  };
}

/** Lets queued wx callbacks (setTimeout 0), promise chains and j-component's async events run. */
export async function settle(rounds = 8): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}

export interface Harness {
  server: FakeServer;
  wx: FakeWx;
  /** Loads a page fresh (new module registry), renders it, runs onLoad(query) and onShow. */
  open(page: string, query?: Record<string, string>): Promise<RootNode>;
  /** A fresh copy of a mini-program module (path under miniprogram/), running against this fake wx. */
  load<T>(modulePath: string): T;
  /** Another module from the registry the last `load` started, sharing its module state. */
  alsoLoad<T>(modulePath: string): T;
}

/** A fake server and wx for one test; pages opened with it talk only to these. */
export function harness(): Harness {
  const server = new FakeServer();
  const wx = createFakeWx(server);
  return {
    server,
    wx,
    async open(page, query = {}) {
      jest.resetModules();
      const simulate = require('miniprogram-simulate') as Simulate;
      installWx(wx);
      installPageShim();
      const id = simulate.load(join(MP_ROOT, page), { rootPath: MP_ROOT });
      const root = simulate.render(id);
      const { document } = globalThis as unknown as { document: { createElement(tag: string): unknown } };
      root.attach(document.createElement('parent-wrapper'));
      await root.instance.onLoad?.(query);
      await root.instance.onShow?.();
      await settle();
      return root;
    },
    load<T>(modulePath: string): T {
      jest.resetModules();
      installWx(wx);
      return require(join(MP_ROOT, modulePath)) as T;
    },
    alsoLoad<T>(modulePath: string): T {
      return require(join(MP_ROOT, modulePath)) as T;
    },
  };
}

/** Text of the first node matching selector, or '' when it is not rendered. */
export function textOf(root: Node, selector: string): string {
  return root.querySelector(selector)?.dom?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

export async function tap(root: Node, selector: string): Promise<void> {
  const node = root.querySelector(selector);
  if (!node) throw new Error(`nothing to tap: ${selector}`);
  node.dispatchEvent('tap');
  await settle();
}

export async function type(root: Node, selector: string, value: string): Promise<void> {
  const node = root.querySelector(selector);
  if (!node) throw new Error(`no input: ${selector}`);
  node.dispatchEvent('input', { detail: { value } });
  await settle();
}
