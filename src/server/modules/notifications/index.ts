// Notifications (通知中心): in-app notices to users. Modules call notify(tx, …) inside the transaction of the
// change they announce; people read them in the notification centre.
export { notify, notifyRoles, notifyRolesQuery, usersWithRoles, type NotifyInput } from './notifications.service.ts';
export { notificationsRoutes } from './notifications.routes.ts';
export { notificationActions } from './notifications.policy.ts';
