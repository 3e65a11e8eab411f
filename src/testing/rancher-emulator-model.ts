import { randomUUID } from 'node:crypto';

export type RancherEmulatorApiVersion = 'latest' | '2015-12-19' | '2015-07-25';
export const RANCHER_EMULATOR_VERSIONS: readonly RancherEmulatorApiVersion[] = [
  'latest',
  '2015-12-19',
  '2015-07-25',
];

/** A JSON value as the emulator serves it. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface EmulatorContainerInit {
  readonly stack: string;
  readonly service: string;
  /** Default: `<stack>-<service>-<index>`, as Rancher 1.6 names them. */
  readonly name?: string;
  /** Default: the next free address in 10.42.0.0/16 (data only: nothing ever dials it). */
  readonly primaryIp?: string | null;
  /** Default: 'running'. */
  readonly state?: string;
  /** Default: 'healthy' when the service has a health check, null otherwise. */
  readonly healthState?: string | null;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface EmulatorServiceInit {
  readonly stack: string;
  readonly name: string;
  /** Whether the service has a health check (containers then carry a health_state). */
  readonly healthCheck?: boolean;
  /** Containers to create at once. */
  readonly scale?: number;
  readonly metadata?: Readonly<Record<string, Json>>;
}

interface ContainerRecord {
  name: string;
  stack: string;
  service: string;
  createIndex: number;
  serviceIndex: number;
  uuid: string;
  primaryIp: string | null;
  state: string;
  healthState: string | null;
  labels: Record<string, string>;
  /** Raw overrides of the served document; `undefined` deletes the key. */
  patch: Record<string, Json | undefined>;
}

interface ServiceRecord {
  stack: string;
  name: string;
  uuid: string;
  healthCheck: boolean;
  nextIndex: number;
  metadata: Record<string, Json>;
}

interface StackRecord {
  name: string;
  uuid: string;
}

const HOST = {
  agent_ip: '10.42.255.254',
  hostname: 'emulated-host',
  labels: {},
  local_storage_mb: 10240,
  memory: 2048,
  milli_cpu: 2000,
  name: 'emulated-host',
  uuid: 'emulated-host-uuid',
} satisfies Json;

/**
 * The programmable state of the emulated Rancher environment: stacks, services, containers,
 * which container is "self", and a version that changes on every mutation.
 */
export class RancherEmulatorModel {
  private readonly stacks = new Map<string, StackRecord>();
  private readonly services = new Map<string, ServiceRecord>();
  private readonly containers = new Map<string, ContainerRecord>();
  private nextCreateIndex = 1;
  private nextIp = 2;
  private selfName: string | undefined;
  private versionCounter = 1;
  private readonly listeners = new Set<() => void>();

  /** The current metadata version (changes on every mutation). */
  get version(): string {
    return String(this.versionCounter);
  }

  /** Calls `fn` after every change; returns the unsubscribe function. */
  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Bumps the version without changing anything (Rancher does that on unrelated changes). */
  touch(): void {
    this.versionCounter++;
    for (const fn of [...this.listeners]) fn();
  }

  addStack(name: string): void {
    if (!this.stacks.has(name)) this.stacks.set(name, { name, uuid: randomUUID() });
    this.touch();
  }

  addService(init: EmulatorServiceInit): string[] {
    if (!this.stacks.has(init.stack))
      this.stacks.set(init.stack, { name: init.stack, uuid: randomUUID() });
    const key = serviceKey(init.stack, init.name);
    if (!this.services.has(key)) {
      this.services.set(key, {
        stack: init.stack,
        name: init.name,
        uuid: randomUUID(),
        healthCheck: init.healthCheck ?? false,
        nextIndex: 1,
        metadata: { ...(init.metadata ?? {}) },
      });
    }
    const created: string[] = [];
    for (let i = 0; i < (init.scale ?? 0); i++)
      created.push(this.createContainer({ stack: init.stack, service: init.name }));
    this.touch();
    return created;
  }

  removeService(stack: string, name: string): void {
    this.services.delete(serviceKey(stack, name));
    for (const c of [...this.containers.values()]) {
      if (c.stack === stack && c.service === name) this.containers.delete(c.name);
    }
    this.touch();
  }

  /** Adds one container and returns its name. Creates the stack and service if needed. */
  addContainer(init: EmulatorContainerInit): string {
    if (!this.services.has(serviceKey(init.stack, init.service))) {
      this.addService({ stack: init.stack, name: init.service });
    }
    const name = this.createContainer(init);
    this.touch();
    return name;
  }

  removeContainer(name: string): void {
    this.mustGet(name);
    this.containers.delete(name);
    this.touch();
  }

  /**
   * Scales a service to `count` running containers: new ones are added, and the newest are
   * removed first when scaling down (as Rancher does). Returns the names now in the service.
   */
  scale(stack: string, service: string, count: number): string[] {
    if (!this.services.has(serviceKey(stack, service))) this.addService({ stack, name: service });
    const mine = () =>
      this.containersOf(stack, service).sort((a, b) => a.createIndex - b.createIndex);
    let current = mine();
    while (current.length < count) {
      this.createContainer({ stack, service });
      current = mine();
    }
    while (current.length > count) {
      const newest = current.pop()!;
      this.containers.delete(newest.name);
    }
    this.touch();
    return current.map((c) => c.name);
  }

  setState(name: string, state: string): void {
    this.mustGet(name).state = state;
    this.touch();
  }

  setHealth(name: string, healthState: string | null): void {
    this.mustGet(name).healthState = healthState;
    this.touch();
  }

  setPrimaryIp(name: string, ip: string | null): void {
    this.mustGet(name).primaryIp = ip;
    this.touch();
  }

  /** Overrides raw fields of a container's document; a key set to `undefined` is removed. */
  patchContainer(name: string, fields: Record<string, Json | undefined>): void {
    Object.assign(this.mustGet(name).patch, fields);
    this.touch();
  }

  /** Makes `self/*` answer for this container (undefined: `self/*` is 404). */
  setSelf(name: string | undefined): void {
    if (name !== undefined) this.mustGet(name);
    this.selfName = name;
    this.touch();
  }

  /** Names of a service's containers, oldest first. */
  containerNames(stack: string, service: string): string[] {
    return this.containersOf(stack, service)
      .sort((a, b) => a.createIndex - b.createIndex)
      .map((c) => c.name);
  }

  /** The primary IP of a container (for tests computing expected node names). */
  ipOf(name: string): string | null {
    return this.mustGet(name).primaryIp;
  }

  /** The whole metadata tree as one API version serves it; paths walk into it. */
  tree(version: RancherEmulatorApiVersion): { [key: string]: Json } {
    const serviceDocs = [...this.services.values()].map((s) => this.serviceDoc(s, version));
    const self = this.selfName === undefined ? undefined : this.containers.get(this.selfName);
    const selfTree: { [key: string]: Json } = {};
    if (self !== undefined) {
      selfTree.container = this.containerDoc(self);
      const svc = this.services.get(serviceKey(self.stack, self.service));
      if (svc !== undefined) selfTree.service = this.serviceDoc(svc, version);
      const stack = this.stacks.get(self.stack);
      if (stack !== undefined) selfTree.stack = this.stackDoc(stack, version);
      selfTree.host = HOST;
    }
    return {
      containers: [...this.containers.values()].map((c) => this.containerDoc(c)),
      hosts: [HOST],
      self: selfTree,
      services: serviceDocs,
      stacks: [...this.stacks.values()].map((s) => this.stackDoc(s, version)),
      version: this.version,
    };
  }

  private createContainer(init: EmulatorContainerInit): string {
    const svc = this.services.get(serviceKey(init.stack, init.service))!;
    const serviceIndex = svc.nextIndex++;
    const name = init.name ?? `${init.stack}-${init.service}-${serviceIndex}`;
    if (this.containers.has(name)) throw new Error(`container ${name} already exists`);
    this.containers.set(name, {
      name,
      stack: init.stack,
      service: init.service,
      createIndex: this.nextCreateIndex++,
      serviceIndex,
      uuid: randomUUID(),
      primaryIp: init.primaryIp === undefined ? this.allocateIp() : init.primaryIp,
      state: init.state ?? 'running',
      healthState:
        init.healthState === undefined ? (svc.healthCheck ? 'healthy' : null) : init.healthState,
      labels: { ...(init.labels ?? {}) },
      patch: {},
    });
    return name;
  }

  private allocateIp(): string {
    const n = this.nextIp++;
    return `10.42.${(n >> 8) & 255}.${n & 255}`;
  }

  private containersOf(stack: string, service: string): ContainerRecord[] {
    return [...this.containers.values()].filter((c) => c.stack === stack && c.service === service);
  }

  private mustGet(name: string): ContainerRecord {
    const c = this.containers.get(name);
    if (c === undefined) throw new Error(`no container named ${name}`);
    return c;
  }

  private containerDoc(c: ContainerRecord): { [key: string]: Json } {
    const stack = this.stacks.get(c.stack);
    const doc: { [key: string]: Json } = {
      create_index: c.createIndex,
      dns: ['169.254.169.250'],
      dns_search: [`${c.stack}.rancher.internal`, 'rancher.internal'],
      external_id: c.uuid.replace(/-/g, ''),
      health_check_hosts: [],
      health_state: c.healthState,
      host_uuid: HOST.uuid,
      hostname: c.name,
      ips: c.primaryIp === null ? [] : [c.primaryIp],
      labels: {
        'io.rancher.stack.name': c.stack,
        'io.rancher.stack_service.name': `${c.stack}/${c.service}`,
        ...c.labels,
      },
      memory_reservation: 0,
      milli_cpu_reservation: 0,
      name: c.name,
      network_from_container_uuid: null,
      network_uuid: 'emulated-network',
      ports: [],
      primary_ip: c.primaryIp,
      primary_mac_address: '02:00:00:00:00:01',
      service_index: String(c.serviceIndex),
      service_name: c.service,
      stack_name: c.stack,
      stack_uuid: stack?.uuid ?? null,
      start_count: 1,
      state: c.state,
      system: false,
      uuid: c.uuid,
    };
    for (const [k, v] of Object.entries(c.patch)) {
      if (v === undefined) delete doc[k];
      else doc[k] = v;
    }
    return doc;
  }

  private serviceDoc(
    s: ServiceRecord,
    version: RancherEmulatorApiVersion,
  ): { [key: string]: Json } {
    const mine = this.containersOf(s.stack, s.name).sort((a, b) => a.createIndex - b.createIndex);
    return {
      containers:
        version === '2015-07-25' ? mine.map((c) => c.name) : mine.map((c) => this.containerDoc(c)),
      create_index: s.nextIndex - 1,
      expose: [],
      external_ips: [],
      fqdn: null,
      health_check: s.healthCheck
        ? { port: 8080, interval: 2000, healthy_threshold: 2, unhealthy_threshold: 3 }
        : null,
      hostname: null,
      kind: 'service',
      labels: {},
      lb_config: null,
      links: {},
      metadata: s.metadata,
      name: s.name,
      ports: [],
      primary_service_name: s.name,
      scale: mine.length,
      sidekicks: [],
      stack_name: s.stack,
      stack_uuid: this.stacks.get(s.stack)?.uuid ?? null,
      system: false,
      uuid: s.uuid,
    };
  }

  private stackDoc(s: StackRecord, version: RancherEmulatorApiVersion): { [key: string]: Json } {
    const services = [...this.services.values()].filter((x) => x.stack === s.name);
    return {
      environment_name: 'Default',
      environment_uuid: 'emulated-environment',
      name: s.name,
      services: services.map((x) => this.serviceDoc(x, version)),
      system: false,
      uuid: s.uuid,
    };
  }
}

function serviceKey(stack: string, name: string): string {
  return `${stack}/${name}`;
}
