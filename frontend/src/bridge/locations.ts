import { callGo } from './wails'
import type { LocationMap } from './types'

const svc = <T>(method: string, ...args: unknown[]) => callGo<T>('services', 'LocationService', method, ...args)

/** A connection's location map (backend/services/locations.go). */
export const locationsApi = {
  /** Asks the store for its locations and the warehouse for its facilities, with which feed which. */
  map: (connectionId: number) => svc<LocationMap>('Map', connectionId),
  /** These facilities (none: the location is not written) feed one store location. */
  setFeed: (connectionId: number, location: string, facilities: string[]) =>
    svc<LocationMap>('SetFeed', connectionId, location, facilities),
  /** Back to the default: every facility feeds the primary location. */
  reset: (connectionId: number) => svc<LocationMap>('Reset', connectionId),
}
