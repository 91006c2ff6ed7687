/** Where learners keep their state between visits. */
export interface KeyValueStore {
  /** False when the state is lost on reload (IndexedDB unavailable, e.g. some private windows). */
  readonly persistent: boolean;
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

/** IndexedDB when the browser allows it, else an in-memory map (the page works, without persistence). */
export async function openStateStore(): Promise<KeyValueStore> {
  try {
    return await StateStore.open();
  } catch {
    const map = new Map<string, unknown>();
    return {
      persistent: false,
      get: async <T>(key: string) => map.get(key) as T | undefined,
      put: async (key, value) => void map.set(key, value),
      delete: async (key) => void map.delete(key),
    };
  }
}

/**
 * A tiny key-value store over IndexedDB (one database, one object store). Values are structured-cloned, so
 * checkpoint bytes (Uint8Array) and plain records go in as they are.
 */
export class StateStore implements KeyValueStore {
  readonly persistent = true;

  private constructor(private readonly db: IDBDatabase) {}

  static async open(name = 'avalanche-ts-browser-demo', storeName = 'learners'): Promise<StateStore> {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open(name, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(storeName);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error ?? new Error(`cannot open IndexedDB "${name}"`));
    });
    const store = new StateStore(db);
    store.storeName = storeName;
    return store;
  }

  private storeName = 'learners';

  get<T>(key: string): Promise<T | undefined> {
    return this.request<T | undefined>('readonly', (s) => s.get(key));
  }

  async put(key: string, value: unknown): Promise<void> {
    await this.request('readwrite', (s) => s.put(value, key));
  }

  async delete(key: string): Promise<void> {
    await this.request('readwrite', (s) => s.delete(key));
  }

  async keys(): Promise<string[]> {
    return (await this.request<IDBValidKey[]>('readonly', (s) => s.getAllKeys())).map(String);
  }

  private request<T>(mode: IDBTransactionMode, make: (store: IDBObjectStore) => IDBRequest): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const tx = this.db.transaction(this.storeName, mode);
      const req = make(tx.objectStore(this.storeName));
      // Resolve when the transaction commits, so a reload right after `put` finds the value.
      tx.oncomplete = () => resolve(req.result as T);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  }
}
