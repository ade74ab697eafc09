/**
 * The shapes of CloudStack's JSON answers the client reads (only the fields it uses; CloudStack
 * sends many more), and the parameters of a deploy.
 */
export interface Nic {
  id: string;
  ipaddress?: string;
  ip6address?: string;
  isdefault?: boolean;
}

export type VmState =
  | 'Creating'
  | 'Starting'
  | 'Running'
  | 'Stopping'
  | 'Stopped'
  | 'Migrating'
  | 'Error'
  | 'Unknown'
  | 'Shutdowned'
  | 'Destroyed'
  | 'Expunging';

export interface VirtualMachine {
  id: string;
  name: string;
  displayname?: string;
  state: VmState;
  zoneid?: string;
  serviceofferingid?: string;
  templateid?: string;
  passwordenabled?: boolean;
  /** Its offering may change while it runs (scaleVirtualMachine on a running VM); else it is stopped first. */
  isdynamicallyscalable?: boolean;
  /** Present in the result of a deploy or a password reset when the template is password-enabled. */
  password?: string;
  nic?: Nic[];
}

export interface VmSnapshot {
  id: string;
  name: string;
  displayname?: string;
  state: string;
  created?: string;
  virtualmachineid: string;
  current?: boolean;
}

export interface Zone {
  id: string;
  name: string;
  allocationstate?: string;
}
export interface ServiceOffering {
  id: string;
  name: string;
  cpunumber?: number;
  memory?: number;
}
export interface Template {
  id: string;
  name: string;
  zoneid?: string;
  passwordenabled?: boolean;
  isready?: boolean;
}

export interface AsyncJob {
  jobid: string;
  /** 0 pending, 1 succeeded, 2 failed. */
  jobstatus: 0 | 1 | 2;
  cmd?: string;
  jobinstancetype?: string;
  jobinstanceid?: string;
  jobresultcode?: number;
  jobresult?: Record<string, unknown>;
}

export interface AcceptedJob {
  /** The object the job works on (the VM of a deploy). */
  id?: string;
  jobid: string;
}

export interface DeployParams {
  zoneid: string;
  serviceofferingid: string;
  templateid: string;
  name: string;
  displayname: string;
  keypair?: string;
  /** Plain text; the client base64-encodes it (CloudStack wants base64). */
  userdata?: string;
}
