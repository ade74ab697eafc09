/**
 * What the services commands and the provisioning worker need from a provisioning module
 * (DESIGN: commands reach integrations/ only through ports). `integrations/provisioning/`
 * implements it: `manual` (staff enter the server in the Provision dialog; it can do nothing
 * on a server) and `cloudstack` (the AkashOne seed's VM lifecycle). The composition root gives
 * the commands a `ModuleDirectory` that finds the module of a service.
 */
import type { ModuleName, ServiceAction } from '../../domain/services/events.ts';

export type { ModuleName };

/** What a deploy needs, resolved from the tenant's mapping (data centre → zone, plan → offering, OS → template). */
export interface DeploySpec {
  tenantId: string;
  /** The deploy is keyed by the service: the VM's name is derived from it, so a repeat finds the VM it made. */
  serviceId: string;
  hostname: string;
  zoneId: string;
  serviceOfferingId: string;
  templateId: string;
}

/** A server the module confirmed running. */
export interface DeployedServer {
  /** The module's id of the machine (CloudStack's virtual machine id). */
  vmId: string;
  ipAddresses: string[];
  /** The login the template sets up (e.g. root) and the password the module set; null when it set none. */
  username: string;
  password: string | null;
  sshPort: number;
}

/** Where a running deploy stands, so a restarted worker resumes it instead of deploying again. */
export interface DeployProgress {
  vmId: string;
  jobId: string | null;
}

export interface Snapshot {
  id: string;
  name: string;
  createdAt: string;
  state: string;
}

/**
 * A module's refusal. `retryable` says whether the same call may succeed later (CloudStack
 * 429/530/533/534, timeouts, a cut connection) or never will as asked (431/432, a VM in Error).
 */
export class ModuleError extends Error {
  override readonly name = 'ModuleError';
  constructor(
    readonly code: string,
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

export interface ProvisioningModule {
  name: ModuleName;
  /** The customer and staff actions it can perform on a server of this module. */
  actions: readonly ServiceAction[];
  /**
   * Creates the server, or finds the one it already made for `spec.serviceId` and waits for
   * it; resolves when it is running. `onProgress` is called once the module accepted the job
   * (so the worker can record it). Never two machines for one service.
   */
  deploy(
    spec: DeploySpec,
    options?: { onProgress?: (p: DeployProgress) => Promise<void>; signal?: AbortSignal },
  ): Promise<DeployedServer>;
  start(vmId: string): Promise<void>;
  stop(vmId: string): Promise<void>;
  reboot(vmId: string): Promise<void>;
  /** A new password for the server's login (the VM is stopped and started if the hypervisor needs it). */
  resetPassword(vmId: string): Promise<string>;
  createSnapshot(vmId: string, name: string): Promise<Snapshot>;
  listSnapshots(vmId: string): Promise<Snapshot[]>;
  revertSnapshot(vmId: string, snapshotId: string): Promise<void>;
  deleteSnapshot(vmId: string, snapshotId: string): Promise<void>;
  /** Destroys the server (expunged: its disks are gone). */
  destroy(vmId: string): Promise<void>;
  /**
   * Moves the server to the plan of `spec` (a plan change): CloudStack's scaleVirtualMachine to
   * `spec.serviceOfferingId`. Resolves once the server runs on it; a server already on it is done
   * (a repeat). Absent: the module cannot resize, staff apply the change by hand.
   */
  resize?(vmId: string, spec: DeploySpec): Promise<void>;
}

/** Finds the module that runs a tenant's services of one module name (CloudStack per tenant, sealed keys opened). */
export interface ModuleDirectory {
  moduleFor(tenantId: string, name: ModuleName): Promise<ProvisioningModule>;
}

/** A tenant's CloudStack endpoint and keys (the secret opened only in memory). */
export interface CloudStackConfig {
  apiUrl: string;
  apiKey: string;
  secretKey: string;
}

export type CloudStackResource = { id: string; name: string };
export interface CloudStackInventory {
  zones: CloudStackResource[];
  offerings: CloudStackResource[];
  templates: CloudStackResource[];
}

/**
 * Reads what a CloudStack offers (listZones, listServiceOfferings, listTemplates
 * templatefilter=executable): checks keys before they are saved, and ids before a mapping is.
 * A wrong key or URL is a ModuleError (not retryable).
 */
export interface CloudStackProbe {
  inventory(config: CloudStackConfig): Promise<CloudStackInventory>;
}

/** What every services command needs beyond the event store and the clock. */
export interface ServicePorts {
  modules: ModuleDirectory;
  cloudStack: CloudStackProbe;
  /** Seals and opens credentials in service events (HKDF from the platform keys: `servicesKey`). */
  sealKey: Buffer;
  /** The operator's CloudStack from the environment (CLOUDSTACK_API_URL, …), if set. */
  environmentCloudStack: CloudStackConfig | null;
}
