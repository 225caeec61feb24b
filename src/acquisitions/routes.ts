import { resourceRoutes } from "../http/resource.js";
import { listAcquisitions } from "./list.js";
import {
  Acquisition,
  AcquisitionPage,
  CreateAcquisitionInput,
  ListAcquisitionsQuery,
  UpdateAcquisitionInput,
} from "./schemas.js";
import {
  createAcquisition,
  deleteAcquisition,
  getAcquisition,
  updateAcquisition,
} from "./service.js";

export const acquisitionRoutes = resourceRoutes({
  path: "/acquisitions",
  tag: "Acquisitions",
  noun: "acquisition",
  schemas: {
    create: CreateAcquisitionInput,
    update: UpdateAcquisitionInput,
    query: ListAcquisitionsQuery,
    item: Acquisition,
    page: AcquisitionPage,
  },
  service: {
    list: (ctx, query) => listAcquisitions({ ctx, query }),
    create: (ctx, input) => createAcquisition({ ctx, input }),
    get: (ctx, id) => getAcquisition({ ctx, id }),
    update: (ctx, id, input, ifMatch) => updateAcquisition({ ctx, id, input, ifMatch }),
    remove: async (ctx, id, ifMatch) => {
      await deleteAcquisition({ ctx, id, ifMatch });
      return null;
    },
  },
  writeRole: "editor",
  deletes: "hard",
  createCanConflict: true,
  removeSummary: "Delete an acquisition (editor); the audit log keeps what it was",
});
