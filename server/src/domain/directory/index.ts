// Public surface of the directory: the académie's establishments, keyed by UAI code.
// (People, disciplines and distribution lists join this module later.)

export {
  createDirectoryService,
  type DirectoryDependencies,
  type DirectoryService,
  type EstablishmentQuery,
  type UpsertResult,
} from './directory-service.ts';
export {
  ESTABLISHMENT_TYPES,
  isEstablishmentType,
  parseUai,
  type Establishment,
  type EstablishmentInput,
  type EstablishmentType,
} from './establishment.ts';
export { isValidUai, normalizeUai, uaiCheckLetter, uaiOf } from './uai.ts';
