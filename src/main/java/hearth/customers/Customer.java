package hearth.customers;

import java.time.Instant;

/** A customer with its owner's name, as every view shows it. */
public record Customer(long id, long orgId, String name, String email, String phone, String company,
                       CustomerStatus status, CustomerSource source, Long ownerId, String ownerName, String notes,
                       Instant createdAt, Instant updatedAt) {}
