/**
 * The CLR 2.0 schema check the full builds hand to the core (`VerifierBuild.clrSchema`): @tessera/schema/clr,
 * whose compiled validators outweigh the OB ones, loaded with the first CLR. Apart from checks/schema.ts so
 * that the JWT-only build, which does not verify CLRs, has no import of it, not even a lazy chunk.
 */
import type { ClrSchemaChecker } from '../result.js'
import { lazy } from './lazy.js'

const loadClr = lazy(() => import('@tessera/schema/clr'))

export const checkClrSchema: ClrSchemaChecker = async (credential) =>
  (await loadClr()).validateClr(credential)
