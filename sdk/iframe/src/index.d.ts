// Types for @selegic/scrm-iframe (see docs/ui-bridge.md).

export declare const PROTOCOL_VERSION: "1";
export declare const DEFAULT_TIMEOUT_MS: number;
export declare const METHODS: readonly HttpMethod[];

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
export type MessageTypeName = "ready" | "ui_proxy.call" | "resize" | "navigate" | "theme" | "response";
export declare const MessageType: {
  readonly Ready: "ready"; readonly Call: "ui_proxy.call"; readonly Resize: "resize";
  readonly Navigate: "navigate"; readonly Theme: "theme"; readonly Response: "response";
};

export interface BridgeMessage<P = unknown> {
  scrm: true;
  version: "1";
  type: MessageTypeName;
  request_id: string;
  payload: P;
}

export declare class BridgeError extends Error {
  constructor(code: string, message: string);
  readonly code: string;
}

/** What the host answers to ready(). */
export interface Session {
  tenant: string;
  extension: string;
  version: string;
  user?: string;
  theme?: string;
  locale?: string;
}

export interface CallInit { method?: HttpMethod | Lowercase<HttpMethod>; body?: unknown; }
export interface CallResult<T = unknown> { status: number; ok: boolean; contentType: string; body: T; }
/** What the host's call() resolves with: the handler's status, content type and body text. */
export interface ProxiedResponse { status: number; contentType?: string; body?: string | null; }

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

export interface BridgeOptions { window?: Window; hostOrigin?: string; timeoutMs?: number; timers?: Timers; }

export interface Bridge {
  readonly hostOrigin: string;
  readonly session: Session | null;
  ready(): Promise<Session>;
  uiProxy: { call<T = unknown>(route: string, init?: CallInit): Promise<CallResult<T>> };
  resize(height?: number): void;
  navigate(path: string): void;
  onTheme(listener: (theme: string | undefined) => void): () => void;
  dispose(): void;
}

export declare function envelope<P>(type: MessageTypeName, requestId: string, payload?: P): BridgeMessage<P>;
export declare function isBridgeMessage(data: unknown): data is BridgeMessage;
export declare function isValidRoute(route: unknown): route is string;
export declare function resolveHostOrigin(win: Window, explicit?: string): string | null;
export declare function createBridge(options?: BridgeOptions): Bridge;

export declare function ready(): Promise<Session>;
export declare const uiProxy: Bridge["uiProxy"];
export declare function resize(height?: number): void;
export declare function navigate(path: string): void;
export declare function onTheme(listener: (theme: string | undefined) => void): () => void;

export interface HostOptions {
  iframe: HTMLIFrameElement;
  guestOrigin?: string;
  session?: Session;
  call(route: string, init: { method: HttpMethod; body?: unknown }): Promise<ProxiedResponse>;
  onResize?(height: number): void;
  onNavigate?(path: string): void;
  window?: Window;
}
export interface Host { setTheme(theme: string): void; dispose(): void; }
export declare function createHost(options: HostOptions): Host;
